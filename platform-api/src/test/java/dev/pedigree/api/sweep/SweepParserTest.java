package dev.pedigree.api.sweep;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pedigree.api.common.problem.FieldError;
import dev.pedigree.api.common.problem.Problems;
import dev.pedigree.api.run.SubmissionParser;
import dev.pedigree.workflows.sweep.SuccessiveHalvingRule;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** What a sweep body may say, and the error (by JSON path) for each way it can be wrong, before anything starts. */
class SweepParserTest {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private final SweepParser parser = new SweepParser(new SubmissionParser());

  private static Map<String, Object> body(String method, Map<String, Object> parameters, Object... extra) {
    Map<String, Object> body = new LinkedHashMap<>(Map.of("name", "lr", "kind", "pretrain",
        "spec", Map.of("training", Map.of("steps", 20)), "method", method, "parameters", parameters,
        "objective", Map.of("metric", "val/loss", "goal", "minimize")));
    for (int i = 0; i < extra.length; i += 2) {
      body.put((String) extra[i], extra[i + 1]);
    }
    return body;
  }

  private SweepSubmission parse(Map<String, Object> body) {
    return parser.parse(JSON.valueToTree(body), "default");
  }

  private List<FieldError> errors(Map<String, Object> body) {
    return Problems.fieldErrorsOf(() -> parse(body));
  }

  @Test
  void theExampleSweepIsAGridOfFourTrialsWithDefaults() throws IOException {
    SweepDefinition sweep;
    try (InputStream in = getClass().getResourceAsStream("/examples/sweeps/lr.json")) {
      sweep = parser.parse(JSON.readTree(in), "default").sweep();
    }

    assertThat(sweep.method()).isEqualTo(SearchMethod.GRID);
    assertThat(sweep.trials()).isEqualTo(4);
    assertThat(sweep.parallelism()).isEqualTo(2);
    assertThat(sweep.objective()).isEqualTo(new Objective("val/loss", "minimize", "last"));
    assertThat(sweep.trialName(3)).isEqualTo(sweep.name() + "-3");
  }

  /** The asha example draws two learning rates above 1e-3 first, then four below 1e-5 for the rule to stop. */
  @Test
  void theAshaExampleDrawsTwoGoodLearningRatesThenFourTinyOnes() throws IOException {
    SweepDefinition sweep;
    try (InputStream in = getClass().getResourceAsStream("/examples/sweeps/asha.json")) {
      sweep = parser.parse(JSON.readTree(in), "default").sweep();
    }

    assertThat(sweep.earlyStopping()).isEqualTo(new SuccessiveHalvingRule(true, 10, 3));
    List<Double> rates = SweepTrials.draw(sweep).stream()
        .map(trial -> trial.get("training.learningRate").asDouble()).toList();
    assertThat(rates.subList(0, 2)).allMatch(rate -> rate > 1e-3);
    assertThat(rates.subList(2, 6)).allMatch(rate -> rate < 1e-5);
  }

  @Test
  void aRandomSweepReadsItsRangesSeedAndEarlyStopping() {
    SweepDefinition sweep = parse(body("random",
        Map.of("training.learningRate", Map.of("min", 1e-4, "max", 1e-2, "scale", "log"),
            "model.layers", Map.of("min", 1, "max", 3)),
        "trials", 6, "seed", 42, "parallelism", 3, "earlyStopping", Map.of("rule", "median", "minSteps", 10)))
        .sweep();

    assertThat(sweep.trials()).isEqualTo(6);
    assertThat(sweep.seed()).isEqualTo(42);
    assertThat(sweep.parallelism()).isEqualTo(3);
    assertThat(sweep.parameters()).extracting(Parameter::domain).containsExactlyInAnyOrder(
        new Domain.Range(1e-4, 1e-2, true, false), new Domain.Range(1, 3, false, true));
    assertThat(sweep.earlyStopping().minSteps()).isEqualTo(10);
    assertThat(sweep.earlyStopping().minimize()).isTrue();
  }

  @Test
  void ashaReadsItsFirstRungAndReductionFactorWhichDefaultsToThree() {
    Map<String, Object> lr = Map.of("training.learningRate", Map.of("min", 1e-4, "max", 1e-2, "scale", "log"));

    assertThat(parse(body("random", lr, "trials", 6,
        "earlyStopping", Map.of("rule", "asha", "minSteps", 5, "reductionFactor", 2))).sweep().earlyStopping())
        .isEqualTo(new SuccessiveHalvingRule(true, 5, 2));
    assertThat(parse(body("random", lr, "trials", 6, "objective", Map.of("metric", "val/acc", "goal", "maximize"),
        "earlyStopping", Map.of("rule", "asha", "minSteps", 5))).sweep().earlyStopping())
        .isEqualTo(new SuccessiveHalvingRule(false, 5, 3));
  }

  @Test
  void ashaNeedsAFactorFromTwoAndAFirstRungFromOneToBeforeTheTrialsEnd() {
    Map<String, Object> lr = Map.of("training.learningRate", Map.of("values", List.of(1e-3, 3e-3)));

    assertThat(errors(body("grid", lr, "earlyStopping", Map.of("rule", "asha", "minSteps", 0, "reductionFactor", 1))))
        .containsExactly(new FieldError("$.earlyStopping.minSteps", "must be an integer from 1 to 100000000"),
            new FieldError("$.earlyStopping.reductionFactor", "must be an integer from 2 to 100"));
    assertThat(errors(body("grid", lr, "earlyStopping", Map.of("rule", "asha", "reductionFactor", 2.5))))
        .containsExactly(new FieldError("$.earlyStopping.minSteps",
                "is required for the asha rule: the step of its first rung, from 1"),
            new FieldError("$.earlyStopping.reductionFactor", "must be an integer from 2 to 100"));
    assertThat(errors(body("grid", lr, "earlyStopping", Map.of("rule", "asha", "minSteps", 20))))
        .containsExactly(new FieldError("$.earlyStopping.minSteps", "must be below the trials' steps (trial 1 trains"
            + " 20)"));
    assertThat(errors(body("grid", Map.of("training.steps", Map.of("values", List.of(50, 8))),
        "earlyStopping", Map.of("rule", "asha", "minSteps", 10))))
        .containsExactly(new FieldError("$.earlyStopping.minSteps", "must be below the trials' steps (trial 2 trains"
            + " 8)"));
  }

  @Test
  void earlyStoppingNamesItsRuleAndRefusesFieldsTheRuleDoesNotHave() {
    Map<String, Object> lr = Map.of("training.learningRate", Map.of("values", List.of(1e-3)));

    assertThat(errors(body("grid", lr, "earlyStopping", Map.of("rule", "hyperband", "minSteps", 5))))
        .containsExactly(new FieldError("$.earlyStopping.rule", "must be one of [asha, median]"));
    assertThat(errors(body("grid", lr, "earlyStopping", Map.of("rule", "median", "reductionFactor", 3))))
        .containsExactly(new FieldError("$.earlyStopping.reductionFactor", "applies to the asha rule only"));
    assertThat(errors(body("grid", lr, "earlyStopping", Map.of("rule", "asha", "minSteps", 5, "gracePeriod", 5))))
        .extracting(FieldError::field).containsExactly("$.earlyStopping.gracePeriod");
    assertThat(errors(body("grid", lr, "earlyStopping", Map.of("type", "asha"))))
        .extracting(FieldError::field).containsExactly("$.earlyStopping.type", "$.earlyStopping.rule");
  }

  @Test
  void aPathOutsideTheKindsSpecIsNamedByItsParameter() {
    assertThat(errors(body("grid", Map.of("optimizer.lr", Map.of("values", List.of(1e-3))))))
        .containsExactly(new FieldError("$.parameters['optimizer.lr']",
            "is not a field of a 'pretrain' spec: $.spec.optimizer is not a known field"));
    assertThat(errors(body("grid", Map.of("training.lr", Map.of("values", List.of(1e-3))))))
        .containsExactly(new FieldError("$.parameters['training.lr']", "is not a field of a 'pretrain' spec"));
    assertThat(errors(body("grid", Map.of("training.steps.x", Map.of("values", List.of(1))))))
        .containsExactly(new FieldError("$.parameters['training.steps.x']",
            "cannot be set: the spec's training.steps is not an object"));
  }

  @Test
  void aValueTheKindRefusesIsNamedByItsParameterWithTheValue() {
    List<FieldError> errors = errors(body("grid",
        Map.of("training.learningRate", Map.of("values", List.of(1e-3, -0.5)))));

    assertThat(errors).hasSize(1);
    assertThat(errors.get(0).field()).isEqualTo("$.parameters['training.learningRate']");
    assertThat(errors.get(0).message())
        .startsWith("value -0.5 is refused: $.spec.training.learningRate must be");
    assertThat(errors(body("grid", Map.of("model.layers", Map.of("values", List.of(2, 2.5))))).get(0).message())
        .startsWith("value 2.5 is refused: $.spec.model.layers must be");
  }

  /** A spec parser reads null as "not given": the trial would run the kind's default, not the base spec's 20 steps. */
  @Test
  void aNullValueIsRefusedByItsIndex() {
    List<FieldError> errors = errors(body("grid", Map.of("training.steps", Map.of("values", Arrays.asList(5, null)))));

    assertThat(errors).extracting(FieldError::field).containsExactly("$.parameters['training.steps'].values[1]");
  }

  @Test
  void anErrorInTheBaseSpecKeepsItsPathAndIsReportedOnce() {
    Map<String, Object> body = body("grid", Map.of("training.learningRate", Map.of("values", List.of(1e-3, 3e-3))));
    body.put("spec", Map.of("training", Map.of("steps", 20), "modle", Map.of()));

    assertThat(errors(body)).containsExactly(new FieldError("$.spec.modle", "is not a known field"));
  }

  @Test
  void gridNeedsListedValuesAndAtMostAThousandCombinations() {
    assertThat(errors(body("grid", Map.of("training.learningRate", Map.of("min", 1e-4, "max", 1e-2)))))
        .containsExactly(new FieldError("$.parameters['training.learningRate']",
            "is a range; grid search needs listed values ({\"values\": [...]})"));
    List<Integer> hundred = IntStream.rangeClosed(1, 100).boxed().toList();
    assertThat(errors(body("grid", Map.of("training.steps", Map.of("values", hundred),
        "training.warmupSteps", Map.of("values", List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10))))))
        .containsExactly(new FieldError("$.parameters", "make more than 1000 combinations; a sweep runs at most 1000"
            + " trials"));
    assertThat(errors(body("grid", Map.of("training.steps", Map.of("values", List.of(5))), "trials", 3, "seed", 1)))
        .extracting(FieldError::field).containsExactly("$.trials", "$.seed");
  }

  @Test
  void randomSearchNeedsATrialCountUpToAThousandAndValidRanges() {
    Map<String, Object> lr = Map.of("training.learningRate", Map.of("min", 1e-4, "max", 1e-2, "scale", "log"));

    assertThat(errors(body("random", lr))).extracting(FieldError::field).containsExactly("$.trials");
    assertThat(errors(body("random", lr, "trials", 1001)))
        .containsExactly(new FieldError("$.trials", "must be an integer from 1 to 1000"));
    assertThat(errors(body("random", Map.of("training.learningRate", Map.of("min", 0, "max", 1, "scale", "log")),
        "trials", 2))).containsExactly(new FieldError("$.parameters['training.learningRate'].min",
            "must be positive on a log scale"));
    assertThat(errors(body("random", Map.of("training.learningRate", Map.of("min", 1, "max", 1)), "trials", 2)))
        .containsExactly(new FieldError("$.parameters['training.learningRate']", "must have numbers min < max"));
    assertThat(errors(body("random", Map.of("training.learningRate", Map.of("min", 0.1, "max", 1, "scale", "exp")),
        "trials", 2))).extracting(FieldError::field).containsExactly("$.parameters['training.learningRate'].scale");
  }

  @Test
  void everyTopLevelFieldIsCheckedByPath() {
    Map<String, Object> body = body("sideways", Map.of("bad path!", Map.of("values", List.of(1))),
        "parallelism", 65, "objective", Map.of("metric", "val/loss", "goal", "lower"),
        "earlyStopping", Map.of("rule", "mean"), "colour", "red");

    assertThat(errors(body)).extracting(FieldError::field).containsExactlyInAnyOrder("$.colour", "$.method",
        "$.parameters['bad path!']", "$.parallelism", "$.objective.goal", "$.earlyStopping.rule");
  }

  /** Postgres keeps a stored body as jsonb, whose keys come back shortest first. */
  @Test
  void parametersAreTakenInTheOrderOfTheirPathsWhateverTheBodysOrder() {
    Map<String, Object> parameters = new LinkedHashMap<>();
    parameters.put("training.warmupSteps", Map.of("values", List.of(0, 5)));
    parameters.put("model.layers", Map.of("values", List.of(1, 2)));
    parameters.put("training.learningRate", Map.of("values", List.of(1e-3)));

    SweepDefinition sweep = parse(body("grid", parameters)).sweep();

    assertThat(sweep.parameters()).extracting(Parameter::path)
        .containsExactly("model.layers", "training.learningRate", "training.warmupSteps");
    assertThat(SweepTrials.draw(sweep).get(1).toString())
        .isEqualTo("{\"model.layers\":1,\"training.learningRate\":0.001,\"training.warmupSteps\":5}");
  }

  @Test
  void theSameBodyDrawsTheSameTrials() {
    Map<String, Object> body = body("random", Map.of(
        "training.learningRate", Map.of("min", 1e-4, "max", 1e-2, "scale", "log")), "trials", 5, "seed", 9);

    List<String> first = SweepTrials.draw(parse(body).sweep()).stream().map(JsonNode::toString).toList();

    assertThat(SweepTrials.draw(parse(body).sweep()).stream().map(JsonNode::toString).toList()).isEqualTo(first);
  }

  @Test
  void tpeSearchReadsItsSettingsWithOptunasDefaultsAndTakesRangesAndListedValues() {
    Map<String, Object> parameters = Map.of("training.learningRate", Map.of("min", 1e-4, "max", 1e-2, "scale", "log"),
        "training.warmupSteps", Map.of("values", List.of(0, 10)));

    SweepDefinition defaults = parse(body("tpe", parameters, "trials", 8, "seed", 3)).sweep();
    SweepDefinition set = parse(body("tpe", parameters, "trials", 8,
        "tpe", Map.of("startupTrials", 3, "candidates", 48, "gamma", 0.1))).sweep();

    assertThat(defaults.method()).isEqualTo(SearchMethod.TPE);
    assertThat(defaults.tpe()).isEqualTo(new TpeSettings(5, 24, 0.25));
    assertThat(set.tpe()).isEqualTo(new TpeSettings(3, 48, 0.1));
    assertThat(parse(body("random", parameters, "trials", 8)).sweep().tpe()).isNull();
  }

  @Test
  void tpeSettingsAreCheckedByPath() {
    Map<String, Object> lr = Map.of("training.learningRate", Map.of("min", 1e-4, "max", 1e-2, "scale", "log"));

    assertThat(errors(body("tpe", lr, "trials", 8,
        "tpe", Map.of("startupTrials", 8, "candidates", 0, "gamma", 1, "prior", 2))))
        .containsExactly(new FieldError("$.tpe.prior", "is not a known field (expected one of [candidates, gamma,"
                + " startupTrials])"),
            new FieldError("$.tpe.startupTrials", "must be below the sweep's trials (8), so that some trials are"
                + " chosen by tpe"),
            new FieldError("$.tpe.candidates", "must be an integer from 1 to 10000"),
            new FieldError("$.tpe.gamma", "must be a number between 0 and 1 (exclusive): the share of the scored"
                + " trials that are good"));
    assertThat(errors(body("tpe", lr, "trials", 4)))
        .containsExactly(new FieldError("$.tpe.startupTrials", "must be below the sweep's trials (4), so that some"
            + " trials are chosen by tpe; it defaults to 5"));
    assertThat(errors(body("tpe", lr, "trials", 8, "tpe", Map.of("startupTrials", 0, "gamma", "0.5"))))
        .extracting(FieldError::field).containsExactly("$.tpe.startupTrials", "$.tpe.gamma");
    assertThat(errors(body("tpe", Map.of("training.steps", Map.of("min", 5, "max", 40)), "trials", 8,
        "earlyStopping", Map.of("rule", "asha", "minSteps", 5))))
        .containsExactly(new FieldError("$.earlyStopping.minSteps", "must be below the trials' steps (a trial tpe"
            + " may choose trains 5)"));
    Map<String, Object> layers = Map.of("model.layers", Map.of("values", List.of(1, 2, 2.5, 3, 4, 5, 6)));
    assertThat(parse(body("random", layers, "trials", 6, "seed", 1)).sweep().trials())
        .as("no random draw has 2.5").isEqualTo(6);
    assertThat(errors(body("tpe", layers, "trials", 6, "seed", 1, "tpe", Map.of("startupTrials", 1))).get(0).message())
        .startsWith("value 2.5 is refused: $.spec.model.layers must be");
    assertThat(errors(body("tpe", lr, "trials", 8, "tpe", List.of()))).extracting(FieldError::field)
        .containsExactly("$.tpe");
    assertThat(errors(body("tpe", lr))).containsExactly(
        new FieldError("$.trials", "is required for tpe search: an integer from 1 to 1000"));
    assertThat(errors(body("random", lr, "trials", 8, "tpe", Map.of())))
        .containsExactly(new FieldError("$.tpe", "applies to tpe search only (\"method\": \"tpe\")"));
    assertThat(errors(body("bayes", lr, "trials", 8))).containsExactly(
        new FieldError("$.method", "is required and must be \"grid\", \"random\", \"tpe\" or \"pbt\""));
  }
  @Test
  void theExamplePbtSweepIsFourMembersForFourGenerationsWhoseFirstSegmentsStopAtTheInterval() throws IOException {
    SweepDefinition sweep;
    try (InputStream in = getClass().getResourceAsStream("/examples/sweeps/pbt.json")) {
      sweep = parser.parse(JSON.readTree(in), "default").sweep();
    }

    assertThat(sweep.method()).isEqualTo(SearchMethod.PBT);
    assertThat(sweep.pbt()).isEqualTo(new PbtSettings(4, 10, 4, 0.25, List.of(0.8, 1.2), 0.25));
    assertThat(sweep.trials()).isEqualTo(16);
    List<FieldError> errors = new java.util.ArrayList<>();
    JsonNode spec = SweepParser.trialSpec(sweep, SweepTrials.draw(sweep).get(0), errors);
    assertThat(errors).isEmpty();
    assertThat(spec.path("training").path("steps").asInt()).isEqualTo(40);
    assertThat(spec.path("segment").toString()).isEqualTo("{\"untilStep\":10}");
  }

  @Test
  void pbtSettingsDefaultAndAreCheckedByPath() {
    Map<String, Object> lr = Map.of("training.learningRate", Map.of("min", 1e-4, "max", 1e-1, "scale", "log"));
    Map<String, Object> pbt = Map.of("population", 3, "interval", 5, "generations", 4);

    SweepDefinition sweep = parse(body("pbt", lr, "pbt", pbt)).sweep();

    assertThat(sweep.pbt()).isEqualTo(new PbtSettings(3, 5, 4, 0.25, List.of(0.8, 1.2), 0.25));
    assertThat(sweep.trials()).isEqualTo(12);
    assertThat(sweep.pbt().quantileSize()).isEqualTo(1);
    assertThat(errors(body("pbt", lr))).extracting(FieldError::field).containsExactly("$.pbt");
    assertThat(errors(body("pbt", lr, "pbt", Map.of("population", 2, "interval", 0, "perturb", List.of(1.2, -1),
        "resampleProbability", 2, "speed", 1), "trials", 4))).extracting(FieldError::field).containsExactlyInAnyOrder(
            "$.trials", "$.pbt.speed", "$.pbt.interval", "$.pbt.generations", "$.pbt.perturb",
            "$.pbt.resampleProbability");
    assertThat(errors(body("pbt", Map.of("data.documents", Map.of("values", List.of(10, 20))), "pbt", pbt,
        "kind", "rl"))).extracting(FieldError::field).contains("$.kind", "$.parameters['data.documents']");
    assertThat(errors(body("random", lr, "trials", 2, "pbt", pbt)))
        .containsExactly(new FieldError("$.pbt", "applies to pbt only (\"method\": \"pbt\")"));
  }
}
