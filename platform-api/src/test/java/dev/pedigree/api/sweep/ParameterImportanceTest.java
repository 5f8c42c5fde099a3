package dev.pedigree.api.sweep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

class ParameterImportanceTest {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final Parameter LEARNING_RATE = new Parameter("lr", new Domain.Range(1e-4, 1e-1, true, false));
  private static final Parameter DROPOUT = new Parameter("dropout", new Domain.Range(0.0, 0.5, false, false));
  private static final Parameter WARMUP = values("warmup", "[0, 10, 20]");

  private static Parameter values(String path, String valuesJson) {
    return new Parameter(path, new Domain.Values(JSON.readTree(valuesJson).valueStream().toList()));
  }

  /** Random trials of the parameters, each finished with the objective {@code objective} gives its values. */
  private static List<SweepResponse.Trial> trials(List<Parameter> parameters, int count,
      ToDoubleFunction<JsonNode> objective) {
    List<SweepResponse.Trial> trials = new ArrayList<>();
    for (ObjectNode params : SweepTrials.random(parameters, count, 3)) {
      trials.add(new SweepResponse.Trial(trials.size() + 1, params, null, "SUCCEEDED",
          objective.applyAsDouble(params), false, null, "random", null));
    }
    return trials;
  }

  private static SweepResponse.Importance of(ParameterImportance.Result result, String parameter) {
    return result.importance().stream().filter(row -> row.parameter().equals(parameter)).findFirst().orElseThrow();
  }

  @Test
  void theOneParameterTheObjectiveDependsOnTakesTheImportanceAndCorrelatesOnItsLogAxis() {
    List<Parameter> parameters = List.of(DROPOUT, LEARNING_RATE, WARMUP);
    List<SweepResponse.Trial> trials =
        trials(parameters, 40, params -> 2 - 0.3 * Math.log10(params.get("lr").asDouble()));

    ParameterImportance.Result result = ParameterImportance.of(parameters, trials, 7);

    assertThat(result.reason()).isNull();
    assertThat(result.importance()).extracting(SweepResponse.Importance::parameter).first().isEqualTo("lr");
    assertThat(of(result, "lr").importance()).isGreaterThan(0.8);
    assertThat(of(result, "lr").correlation()).isCloseTo(-1.0, offset(1e-9));
    assertThat(Math.abs(of(result, "dropout").correlation())).isLessThan(0.5);
    assertThat(result.importance().stream().mapToDouble(SweepResponse.Importance::importance).sum())
        .isCloseTo(1.0, offset(1e-9));
    assertThat(result.importance()).extracting(SweepResponse.Importance::importance)
        .isSortedAccordingTo((a, b) -> Double.compare(b, a));
  }

  @Test
  void aNonlinearDependenceIsImportantThoughItsCorrelationIsWeak() {
    List<Parameter> parameters = List.of(DROPOUT, LEARNING_RATE, WARMUP);
    List<SweepResponse.Trial> trials = trials(parameters, 60,
        params -> Math.pow(Math.log10(params.get("lr").asDouble()) + 2.5, 2));

    ParameterImportance.Result result = ParameterImportance.of(parameters, trials, 7);

    assertThat(of(result, "lr").importance()).isGreaterThan(0.8);
    assertThat(Math.abs(of(result, "lr").correlation())).isLessThan(0.5);
  }

  @Test
  void aParameterTheSameInEveryTrialGetsNoImportanceAndNoCorrelation() {
    List<Parameter> parameters = List.of(LEARNING_RATE, values("layers", "[4]"));
    List<SweepResponse.Trial> trials = trials(parameters, 10, params -> params.get("lr").asDouble());

    ParameterImportance.Result result = ParameterImportance.of(parameters, trials, 7);

    assertThat(of(result, "layers").importance()).isZero();
    assertThat(of(result, "layers").correlation()).isNull();
    assertThat(of(result, "lr").importance()).isEqualTo(1.0);
  }

  @Test
  void listedValuesThatAreNotNumbersCountOneHotAndHaveNoCorrelation() {
    List<Parameter> parameters = List.of(values("optimizer", "[\"adam\", \"sgd\", \"lion\"]"), DROPOUT);
    List<SweepResponse.Trial> trials = trials(parameters, 30,
        params -> params.get("optimizer").asString().equals("sgd") ? 3.0 : 2.0);

    ParameterImportance.Result result = ParameterImportance.of(parameters, trials, 7);

    assertThat(of(result, "optimizer").importance()).isEqualTo(1.0);
    assertThat(of(result, "optimizer").correlation()).isNull();
    assertThat(of(result, "dropout").importance()).isZero();
  }

  @Test
  void everyParameterTheObjectiveDependsOnHasSomeImportanceAndTheSameSeedGivesTheSame() {
    List<Parameter> parameters = List.of(DROPOUT, LEARNING_RATE, WARMUP);
    List<SweepResponse.Trial> trials = trials(parameters, 25, params -> params.get("dropout").asDouble()
        + params.get("warmup").asDouble() / 40 + Math.sin(params.get("lr").asDouble() * 100));

    ParameterImportance.Result result = ParameterImportance.of(parameters, trials, 11);

    assertThat(result.importance()).allSatisfy(row -> assertThat(row.importance()).isPositive());
    assertThat(ParameterImportance.of(parameters, trials, 11)).isEqualTo(result);
  }

  @Test
  void fewerThanThreeFinishedTrialsOrOneObjectiveValueGiveAReasonInstead() {
    List<Parameter> parameters = List.of(LEARNING_RATE);

    ParameterImportance.Result two = ParameterImportance.of(parameters, trials(parameters, 2, params -> 1), 7);
    ParameterImportance.Result same = ParameterImportance.of(parameters, trials(parameters, 5, params -> 1), 7);

    assertThat(two.importance()).isNull();
    assertThat(two.reason()).isEqualTo("needs 3 finished trials with the objective; 2 have it");
    assertThat(same.importance()).isNull();
    assertThat(same.reason()).isEqualTo("every finished trial has the same objective");
  }

  @Test
  void aStepInOneFeatureIsAllTheForestsImportance() {
    double[][] features = {{0.1, 5}, {0.2, 3}, {0.7, 4}, {0.9, 1}, {0.4, 2}, {0.8, 6}};
    double[] target = {1, 1, 7, 7, 1, 7};

    assertThat(RegressionForest.importances(features, target, 1)).containsExactly(1.0, 0.0);
  }
}
