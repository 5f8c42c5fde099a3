package dev.pedigree.api.sweep;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.ToDoubleFunction;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** Tree-structured Parzen Estimator draws: in their domains, reproducible, better than random on smooth objectives. */
class TreeParzenSamplerTest {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final int TRIALS = 30;
  private static final List<Long> SEEDS = List.of(1L, 2L, 3L, 4L, 5L);

  private static final Parameter LEARNING_RATE =
      new Parameter("training.learningRate", new Domain.Range(1e-5, 1e-1, true, false));
  private static final Parameter OPTIMIZER = new Parameter("training.optimizer",
      new Domain.Values(List.of(JSON.getNodeFactory().stringNode("sgd"), JSON.getNodeFactory().stringNode("adam"),
          JSON.getNodeFactory().stringNode("rmsprop"))));

  /** Minimal at a learning rate of 10^-2.5, evaluated without noise. */
  private static double lrObjective(JsonNode params) {
    double distance = Math.log10(params.path("training.learningRate").asDouble()) + 2.5;
    return distance * distance;
  }

  /** {@link #lrObjective} plus 0 for adam, 0.5 for rmsprop and 1 for sgd. */
  private static double lrAndOptimizerObjective(JsonNode params) {
    Map<String, Double> penalty = Map.of("adam", 0.0, "rmsprop", 0.5, "sgd", 1.0);
    return lrObjective(params) + penalty.get(params.path("training.optimizer").asString());
  }

  private static SweepDefinition sweep(List<Parameter> parameters, long seed) {
    return new SweepDefinition("tpe", "default", "pretrain", JSON.createObjectNode(), parameters, SearchMethod.TPE,
        TRIALS, seed, 1, new Objective("val/loss", "minimize", "last"), null, TpeSettings.DEFAULTS);
  }

  /** Trials one after another, each drawn with every earlier one scored: the values of trial 1 to {@link #TRIALS}. */
  private static List<ObjectNode> sequential(SweepDefinition sweep, ToDoubleFunction<JsonNode> objective) {
    List<TreeParzenSampler.ScoredTrial> history = new ArrayList<>();
    List<ObjectNode> trials = new ArrayList<>();
    for (int trial = 1; trial <= TRIALS; trial++) {
      TreeParzenSampler.TrialDraw draw = TreeParzenSampler.draw(sweep, trial, history);
      assertThat(draw.drawnBy()).isEqualTo(trial <= TpeSettings.DEFAULTS.startupTrials() ? "random" : "tpe");
      trials.add(draw.params());
      history.add(new TreeParzenSampler.ScoredTrial(draw.params(), objective.applyAsDouble(draw.params())));
    }
    return trials;
  }

  private static double best(List<ObjectNode> trials, ToDoubleFunction<JsonNode> objective) {
    return trials.stream().mapToDouble(objective).min().orElseThrow();
  }

  /** The mean over the seeds of the best objective after {@link #TRIALS} trials. */
  private static double meanBest(List<List<ObjectNode>> runs, ToDoubleFunction<JsonNode> objective) {
    return runs.stream().mapToDouble(trials -> best(trials, objective)).average().orElseThrow();
  }

  /** How far, in decades, the last ten trials' learning rates are from the optimum's, on average over the seeds. */
  private static double lastTenDistance(List<List<ObjectNode>> runs) {
    return runs.stream().flatMap(trials -> trials.subList(TRIALS - 10, TRIALS).stream())
        .mapToDouble(trial -> Math.abs(Math.log10(trial.path("training.learningRate").asDouble()) + 2.5))
        .average().orElseThrow();
  }

  private static long lastTenWith(List<List<ObjectNode>> runs, String optimizer) {
    return runs.stream().flatMap(trials -> trials.subList(TRIALS - 10, TRIALS).stream())
        .filter(trial -> trial.path("training.optimizer").asString().equals(optimizer)).count();
  }

  /**
   * Computed: the mean best is 3.5e-4 for tpe against 0.021 for random, and the last ten trials' learning rates are
   * 0.31 decades from the optimum for tpe against 0.98 for random.
   */
  @Test
  void onALearningRateTpeBeatsRandomAndItsLastTrialsGatherAtTheOptimum() {
    List<Parameter> parameters = List.of(LEARNING_RATE);
    List<List<ObjectNode>> tpe = SEEDS.stream().map(seed -> sequential(sweep(parameters, seed),
        TreeParzenSamplerTest::lrObjective)).toList();
    List<List<ObjectNode>> random = SEEDS.stream().map(seed -> SweepTrials.random(parameters, TRIALS, seed)).toList();

    assertThat(meanBest(tpe, TreeParzenSamplerTest::lrObjective)).isLessThan(1e-3);
    assertThat(meanBest(random, TreeParzenSamplerTest::lrObjective)).isGreaterThan(0.02);
    assertThat(lastTenDistance(tpe)).isLessThan(0.35);
    assertThat(lastTenDistance(random)).isGreaterThan(0.9);
  }

  /**
   * A failed optimizer is judged beside the learning rate it had. Computed: the mean best is 2.3e-4 for tpe against
   * 0.037 for random; of the last ten trials of the five seeds, 45 of 50 use adam (18 in random's), at learning rates
   * 0.29 decades from the optimum (1.25 in random's).
   */
  @Test
  void withACategoricalParameterTpeFindsBothTheOptimizerAndTheLearningRate() {
    List<Parameter> parameters = List.of(LEARNING_RATE, OPTIMIZER);
    List<List<ObjectNode>> tpe = SEEDS.stream().map(seed -> sequential(sweep(parameters, seed),
        TreeParzenSamplerTest::lrAndOptimizerObjective)).toList();
    List<List<ObjectNode>> random = SEEDS.stream().map(seed -> SweepTrials.random(parameters, TRIALS, seed)).toList();

    assertThat(meanBest(tpe, TreeParzenSamplerTest::lrAndOptimizerObjective)).isLessThan(1e-3);
    assertThat(meanBest(random, TreeParzenSamplerTest::lrAndOptimizerObjective)).isGreaterThan(0.03);
    assertThat(lastTenWith(tpe, "adam")).isGreaterThanOrEqualTo(40);
    assertThat(lastTenWith(random, "adam")).isLessThan(20);
    assertThat(lastTenDistance(tpe)).isLessThan(0.35);
    assertThat(lastTenDistance(random)).isGreaterThan(1.0);
  }

  @Test
  void everyValueStaysInItsRangeOrAmongItsListedValues() {
    List<Parameter> parameters = List.of(LEARNING_RATE, OPTIMIZER,
        new Parameter("model.layers", new Domain.Range(1, 8, false, true)),
        new Parameter("training.batchSize", new Domain.Range(1, 1000, true, true)),
        new Parameter("training.dropout", new Domain.Range(-1, 1, false, false)),
        new Parameter("training.weightDecay", new Domain.Values(List.of(JSON.getNodeFactory().numberNode(0.1),
            JSON.getNodeFactory().numberNode(0.2), JSON.getNodeFactory().numberNode(0.5)))));
    List<TreeParzenSampler.ScoredTrial> history = new ArrayList<>();
    for (ObjectNode trial : SweepTrials.random(parameters, 12, 7)) {
      history.add(new TreeParzenSampler.ScoredTrial(trial, lrObjective(trial) + trial.path("model.layers").asInt()));
    }

    for (int draw = 0; draw < 200; draw++) {
      ObjectNode values = TreeParzenSampler.sample(parameters, history, true, TpeSettings.DEFAULTS, new Random(draw));

      assertThat(values.path("training.learningRate").asDouble()).isBetween(1e-5, 1e-1);
      assertThat(values.path("training.optimizer").asString()).isIn("sgd", "adam", "rmsprop");
      assertThat(values.path("model.layers").isInt()).isTrue();
      assertThat(values.path("model.layers").asInt()).isBetween(1, 8);
      assertThat(values.path("training.batchSize").isInt()).isTrue();
      assertThat(values.path("training.batchSize").asInt()).isBetween(1, 1000);
      assertThat(values.path("training.dropout").asDouble()).isBetween(-1.0, 1.0);
      assertThat(values.path("training.weightDecay").asDouble()).isIn(0.1, 0.2, 0.5);
    }
  }

  @Test
  void theSameHistoryGivesTheSameValuesAndMaximizingANegatedObjectiveIsMinimizingIt() {
    List<Parameter> parameters = List.of(LEARNING_RATE, OPTIMIZER);
    SweepDefinition sweep = sweep(parameters, 3);
    List<TreeParzenSampler.ScoredTrial> history = new ArrayList<>();
    List<TreeParzenSampler.ScoredTrial> negated = new ArrayList<>();
    for (ObjectNode trial : SweepTrials.random(parameters, 8, 11)) {
      history.add(new TreeParzenSampler.ScoredTrial(trial, lrAndOptimizerObjective(trial)));
      negated.add(new TreeParzenSampler.ScoredTrial(trial, -lrAndOptimizerObjective(trial)));
    }

    TreeParzenSampler.TrialDraw ninth = TreeParzenSampler.draw(sweep, 9, history);

    assertThat(ninth.drawnBy()).isEqualTo("tpe");
    assertThat(TreeParzenSampler.draw(sweep, 9, history)).isEqualTo(ninth);
    assertThat(TreeParzenSampler.draw(sweep, 10, history).params()).isNotEqualTo(ninth.params());
    assertThat(TreeParzenSampler.sample(parameters, negated, false, TpeSettings.DEFAULTS, new Random(5)))
        .isEqualTo(TreeParzenSampler.sample(parameters, history, true, TpeSettings.DEFAULTS, new Random(5)));
  }

  @Test
  void startupTrialsAreTheRandomDrawsAndTooFewScoredTrialsFallBackToThemWithTheReason() {
    SweepDefinition sweep = sweep(List.of(LEARNING_RATE), 4);
    List<ObjectNode> random = SweepTrials.random(sweep.parameters(), TRIALS, 4);
    TreeParzenSampler.ScoredTrial scored = new TreeParzenSampler.ScoredTrial(random.get(0), lrObjective(random.get(0)));

    assertThat(TreeParzenSampler.draw(sweep, 5, List.of(scored, scored)))
        .isEqualTo(new TreeParzenSampler.TrialDraw(random.get(4), "random", null));
    assertThat(TreeParzenSampler.draw(sweep, 6, List.of(scored)))
        .isEqualTo(new TreeParzenSampler.TrialDraw(random.get(5), "random",
            "1 earlier trial(s) had an objective when trial 6 started; tpe needs 2"));
    assertThat(TreeParzenSampler.draw(sweep, 6, List.of(scored, scored)).drawnBy()).isEqualTo("tpe");
  }
}
