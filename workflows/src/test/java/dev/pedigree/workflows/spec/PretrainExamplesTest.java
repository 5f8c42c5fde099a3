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

/** examples/pretrain/*.json hold one valid spec per selection strategy that this build can run. */
class PretrainExamplesTest {
  private static final ObjectMapper STRICT =
      new ObjectMapper().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  @Test
  void everyStrategyHasAValidExample() throws Exception {
    List<Path> files;
    try (Stream<Path> listed = Files.list(Path.of("..", "examples", "pretrain"))) {
      files = listed.filter(file -> file.toString().endsWith(".json")).sorted().toList();
    }
    for (Path file : files) {
      JsonNode body = STRICT.readTree(file.toFile());
      assertThat(body.path("kind").asText()).as(file.toString()).isEqualTo(RunKinds.PRETRAIN);
      PretrainSpec spec = STRICT.treeToValue(body.path("spec"), PretrainSpec.class);
      assertThat(spec.validate("$.spec")).as(file.toString()).isEmpty();
      assertThat(file.getFileName().toString()).isEqualTo(spec.selection().strategy() + ".json");
    }
    assertThat(files).extracting(file -> file.getFileName().toString())
        .containsExactly("dga.json", "loss-reweighting.json", "preselect.json", "uniform.json");
  }
}
