package dev.pedigree.api.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pedigree.api.common.problem.FieldError;
import dev.pedigree.workflows.spec.OptimizerSpec;
import dev.pedigree.workflows.spec.PretrainSpec;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** {@code training.optimizer} as the API reads it: a name or an object, each bad field named by JSON path. */
class OptimizerSpecParsingTest {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private final SubmissionParser parser = new SubmissionParser();

  private PretrainSpec parse(String optimizerJson, List<FieldError> errors) {
    return (PretrainSpec) parser.spec("pretrain",
        JSON.readTree("{\"training\":{\"steps\":10,\"optimizer\":" + optimizerJson + "}}"), "$.spec", errors);
  }

  @Test
  void readsTheOptimizerByNameOrAsAnObject() {
    List<FieldError> errors = new ArrayList<>();
    PretrainSpec byName = parse("\"frugal\"", errors);
    PretrainSpec object = parse("{\"name\":\"frugal\",\"density\":0.5,\"reselectEvery\":100}", errors);
    PretrainSpec adamW = parse("\"adamw\"", errors);

    assertThat(errors).isEmpty();
    assertThat(byName.training().chosenOptimizer()).isEqualTo(new OptimizerSpec("frugal", 0.25, 200, 1.0));
    assertThat(object.training().chosenOptimizer()).isEqualTo(new OptimizerSpec("frugal", 0.5, 100, 1.0));
    assertThat(parser.json(adamW)).doesNotContain("optimizer");
    assertThat(parser.json(object)).contains(
        "\"optimizer\":{\"name\":\"frugal\",\"density\":0.5,\"reselectEvery\":100,\"stateFreeLrScale\":1.0}");
  }

  @Test
  void namesEachBadFieldByJsonPath() {
    List<FieldError> errors = new ArrayList<>();
    parse("{\"name\":\"frugal\",\"density\":0,\"reselectEvery\":0}", errors);
    parse("{\"name\":\"frugal\",\"rho\":0.5}", errors);
    parse("{\"name\":\"frugal\",\"density\":\"half\"}", errors);

    assertThat(errors).containsExactly(
        new FieldError("$.spec.training.optimizer.density", "must be above 0 and at most 1, was 0.0"),
        new FieldError("$.spec.training.optimizer.reselectEvery", "must be between 1 and 100000000, was 0"),
        new FieldError("$.spec.training.optimizer.rho", "is not a known field"),
        new FieldError("$.spec.training.optimizer.density", "must be a number"));
  }
}
