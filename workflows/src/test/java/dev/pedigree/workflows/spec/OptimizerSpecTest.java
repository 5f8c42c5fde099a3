package dev.pedigree.workflows.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import java.util.List;
import org.junit.jupiter.api.Test;

class OptimizerSpecTest {
  private static final ObjectMapper STRICT =
      new ObjectMapper().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  private static PretrainSpec withOptimizer(String optimizerJson) throws Exception {
    return STRICT.readValue("{\"training\":{\"optimizer\":" + optimizerJson + "}}", PretrainSpec.class);
  }

  private static List<String> errors(String optimizerJson) throws Exception {
    return withOptimizer(optimizerJson).validate("$.spec").stream()
        .map(error -> error.field() + " " + error.message()).toList();
  }

  @Test
  void adamWByNameOrAbsenceWritesTheSameJsonAsBefore() throws Exception {
    PretrainSpec absent = STRICT.readValue("{}", PretrainSpec.class);
    PretrainSpec named = withOptimizer("\"adamw\"");
    PretrainSpec object = withOptimizer("{\"name\":\"adamw\"}");

    assertThat(named).isEqualTo(absent);
    assertThat(object).isEqualTo(absent);
    assertThat(absent.training().optimizer()).isNull();
    assertThat(absent.training().chosenOptimizer()).isEqualTo(OptimizerSpec.adamW());
    assertThat(STRICT.writeValueAsString(named)).isEqualTo(STRICT.writeValueAsString(absent))
        .doesNotContain("optimizer");
  }

  @Test
  void frugalTakesThePapersDefaultsAndRoundTrips() throws Exception {
    PretrainSpec byName = withOptimizer("\"frugal\"");
    PretrainSpec tuned = withOptimizer("{\"name\":\"frugal\",\"density\":0.5,\"reselectEvery\":50}");

    assertThat(byName.training().chosenOptimizer()).isEqualTo(new OptimizerSpec("frugal", 0.25, 200, 1.0));
    assertThat(tuned.training().optimizer()).isEqualTo(new OptimizerSpec("frugal", 0.5, 50, 1.0));
    assertThat(byName.validate("$.spec")).isEmpty();
    assertThat(tuned.validate("$.spec")).isEmpty();
    assertThat(withOptimizer("\"signsgd\"").validate("$.spec")).isEmpty();
    assertThat(STRICT.readValue(STRICT.writeValueAsString(tuned), PretrainSpec.class)).isEqualTo(tuned);
    assertThat(STRICT.writeValueAsString(byName.training().optimizer()))
        .isEqualTo("{\"name\":\"frugal\",\"density\":0.25,\"reselectEvery\":200,\"stateFreeLrScale\":1.0}");
  }

  @Test
  void rejectsWhatCannotRunByJsonPath() throws Exception {
    assertThat(errors("{\"name\":\"frugal\",\"density\":0}"))
        .containsExactly("$.spec.training.optimizer.density must be above 0 and at most 1, was 0.0");
    assertThat(errors("{\"name\":\"frugal\",\"density\":1.5,\"reselectEvery\":0,\"stateFreeLrScale\":-1}"))
        .containsExactly("$.spec.training.optimizer.density must be above 0 and at most 1, was 1.5",
            "$.spec.training.optimizer.reselectEvery must be between 1 and 100000000, was 0",
            "$.spec.training.optimizer.stateFreeLrScale must be between 0.0 and 100.0, was -1.0");
    assertThat(errors("\"adam\"")).containsExactly(
        "$.spec.training.optimizer.name must be one of [adamw, frugal, signsgd]");
    assertThat(errors("{\"name\":\"adamw\",\"density\":0.5}"))
        .containsExactly("$.spec.training.optimizer.density applies to the frugal optimizer only");
    assertThatThrownBy(() -> withOptimizer("{\"name\":\"frugal\",\"rho\":0.5}"))
        .isInstanceOf(UnrecognizedPropertyException.class).hasMessageContaining("\"rho\"");
  }
}
