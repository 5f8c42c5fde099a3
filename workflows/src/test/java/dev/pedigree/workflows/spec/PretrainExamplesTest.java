package dev.pedigree.workflows.spec;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * examples/pretrain/*.json hold one valid spec per selection strategy that this build can run, and PreSelect with
 * registered reference models, valid once its artifact-id placeholders are ids.
 */
class PretrainExamplesTest {
  private static final ObjectMapper STRICT =
      new ObjectMapper().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
  private static final String SOME_ID = "3f2c6a1e-0000-4000-8000-000000000001";

  @Test
  void everyStrategyHasAValidExample() throws Exception {
    List<Path> files;
    try (Stream<Path> listed = Files.list(Path.of("..", "examples", "pretrain"))) {
      files = listed.filter(file -> file.toString().endsWith(".json")).sorted().toList();
    }
    for (Path file : files) {
      String text = Files.readString(file);
      boolean placeholders = text.contains("<artifact-id");
      JsonNode body = STRICT.readTree(text.replaceAll("<artifact-id[^>]*>", SOME_ID));
      assertThat(body.path("kind").asText()).as(file.toString()).isEqualTo(RunKinds.PRETRAIN);
      PretrainSpec spec = STRICT.treeToValue(body.path("spec"), PretrainSpec.class);
      assertThat(spec.validate("$.spec")).as(file.toString()).isEmpty();
      assertThat(file.getFileName().toString())
          .isEqualTo(spec.selection().strategy() + (placeholders ? "-references.json" : ".json"));
      assertThat(spec.modelInputs("$.spec")).as(file.toString()).hasSize(placeholders ? 3 : 0);
    }
    assertThat(files).extracting(file -> file.getFileName().toString())
        .containsExactly("dga.json", "importance.json", "loss-reweighting.json", "preselect-references.json",
            "preselect.json", "uniform.json");
  }
}
