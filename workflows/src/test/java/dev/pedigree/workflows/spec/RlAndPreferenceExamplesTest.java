package dev.pedigree.workflows.spec;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class RlAndPreferenceExamplesTest {
  private static final ObjectMapper STRICT =
      new ObjectMapper().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
  private static final String SOME_ID = "3f2c6a1e-0000-4000-8000-000000000001";

  @Test
  void everyExampleIsAValidSpecOnceItsArtifactIdsAreFilledIn() throws IOException {
    for (String kind : List.of("rl", "preference")) {
      List<Path> examples;
      try (Stream<Path> files = Files.list(Path.of("..", "examples", kind))) {
        examples = files.filter(file -> file.toString().endsWith(".json")).toList();
      }
      assertThat(examples).as(kind).isNotEmpty();
      for (Path example : examples) {
        String text = Files.readString(example).replaceAll("<artifact-id[^>]*>", SOME_ID);
        JsonNode root = STRICT.readTree(text);
        assertThat(root.get("kind").asText()).as(example.toString()).isEqualTo(kind);
        RunSpec spec = STRICT.treeToValue(root.get("spec"), RunKinds.specType(kind).orElseThrow());
        assertThat(spec.validate("$.spec")).as(example.toString()).isEmpty();
      }
    }
  }
}
