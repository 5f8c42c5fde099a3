package dev.pedigree.api.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.pedigree.api.common.problem.ApiProblem;
import dev.pedigree.api.common.problem.FieldError;
import dev.pedigree.api.common.problem.Problems;
import dev.pedigree.api.run.SubmissionParser;
import dev.pedigree.workflows.pipeline.GateTimeout;
import dev.pedigree.workflows.pipeline.StagePlan;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** DAG validation: what a pipeline body may say, and the error (by JSON path) for each way it can be wrong. */
class PipelineParserTest {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final String GATE_FIELDS =
      "is not a known field (expected one of [after, gate, name, onTimeout, timeout])";
  private final PipelineParser parser = new PipelineParser(new SubmissionParser());

  private static Map<String, Object> pretrain(String name, Object... extra) {
    Map<String, Object> spec = Map.of("training", Map.of("steps", 5, "batchSize", 2));
    if (extra.length == 0) {
      return Map.of("name", name, "kind", "pretrain", "spec", spec);
    }
    return Map.of("name", name, "kind", "pretrain", "spec", extra[0], "after", extra.length > 1 ? extra[1] : List.of());
  }

  private PipelineSubmission parse(Object... stages) {
    return parser.parse(JSON.valueToTree(Map.of("name", "p", "stages", List.of(stages))), "default");
  }

  private List<FieldError> errors(Object... stages) {
    return Problems.fieldErrorsOf(() -> parse(stages));
  }

  @Test
  void theExamplePipelinesParseIntoTheirDags() throws IOException {
    assertThat(example("demo").stages()).extracting(StagePlan::dependsOn).containsExactly(List.of(),
        List.of("pretrain"), List.of("rl", "pretrain"), List.of("pretrain", "rl", "distill"), List.of("merge"));
    PipelineSubmission alignDistil = example("aligndistil");
    assertThat(alignDistil.stages()).extracting(StagePlan::name)
        .containsExactly("sft", "dpo", "reverse-dpo", "aligndistil");
    assertThat(alignDistil.stages()).extracting(StagePlan::dependsOn)
        .containsExactly(List.of(), List.of("sft"), List.of("sft"), List.of("dpo", "reverse-dpo", "sft"));
  }

  /** A distill's student reads the data's tokenizer: the last stage's data is the donor's, so its BPE is too. */
  @Test
  void theRetokenizePipelineDistilsTheTransplantFromTheBaseOnTheDonorsData() throws IOException {
    PipelineSubmission retokenize = example("retokenize");

    assertThat(retokenize.stages()).extracting(StagePlan::name)
        .containsExactly("base", "donor", "transplant", "retokenize");
    assertThat(retokenize.stages()).extracting(StagePlan::kind)
        .containsExactly("pretrain", "pretrain", "merge", "distill");
    assertThat(retokenize.stages()).extracting(StagePlan::dependsOn)
        .containsExactly(List.of(), List.of(), List.of("base", "donor"), List.of("base", "transplant"));
    assertThat(JSON.readTree(retokenize.stages().get(3).specTemplate()).path("data"))
        .isEqualTo(JSON.readTree(retokenize.stages().get(1).specTemplate()).path("data"));
  }

  @Test
  void aGateIsAStageWithAQuestionThatTheStagesAfterItWaitFor() throws IOException {
    PipelineSubmission promote = example("promote");

    assertThat(promote.stages()).extracting(StagePlan::name)
        .containsExactly("pretrain", "rl", "review", "merge", "promote");
    assertThat(promote.stages()).extracting(StagePlan::kind)
        .containsExactly("pretrain", "rl", "gate", "merge", "register");
    assertThat(promote.stages()).extracting(StagePlan::dependsOn).containsExactly(List.of(), List.of("pretrain"),
        List.of("rl"), List.of("review", "pretrain", "rl"), List.of("merge"));
    assertThat(JSON.readTree(promote.stages().get(4).specTemplate())).isEqualTo(JSON.readTree(
        "{\"model\": \"${stages.merge.model}\", \"name\": \"arith-small\", \"alias\": \"champion\"}"));
    assertThat(promote.stages().get(2).specTemplate()).startsWith("Merge the RL model");
    assertThat(promote.stages().get(2).gateTimeout()).as("rejects after two days unless somebody decides")
        .isEqualTo(new GateTimeout(Duration.ofDays(2), false));
  }

  @Test
  void aGateTimeoutIsAnIsoDurationFromAMinuteToThirtyDaysAndOnTimeoutNeedsOne() {
    Map<String, Object> approving = Map.of("name", "ok", "gate", "Go on?", "timeout", "PT1M", "onTimeout", "approve");
    assertThat(parse(approving).stages().get(0).gateTimeout())
        .isEqualTo(new GateTimeout(Duration.ofMinutes(1), true));
    assertThat(parse(Map.of("name", "ok", "gate", "Go on?", "timeout", "P30D")).stages().get(0).gateTimeout())
        .isEqualTo(new GateTimeout(Duration.ofDays(30), false));
    assertThat(parse(Map.of("name", "ok", "gate", "Go on?")).stages().get(0).gateTimeout()).isNull();

    String rule = "must be an ISO-8601 duration from PT1M to P30D, such as \"PT48H\" or \"P2D\"";
    for (Object timeout : List.of("48h", "P1M", "PT59S", "P30DT1S", "-PT1H", 3600, "")) {
      assertThat(errors(Map.of("name", "ok", "gate", "Go on?", "timeout", timeout))).as("timeout %s", timeout)
          .containsExactly(new FieldError("$.stages[0].timeout", rule));
    }
    assertThat(errors(pretrain("a"), Map.of("name", "ok", "gate", "Go on?", "onTimeout", "approve")))
        .containsExactly(new FieldError("$.stages[1].onTimeout",
            "needs a timeout: without one the gate waits as long as it takes"));
    assertThat(errors(Map.of("name", "ok", "gate", "Go on?", "timeout", "PT1H", "onTimeout", "skip"),
        Map.of("name", "no", "gate", "Go on?", "timeout", "PT0S", "onTimeout", true))).containsExactly(
        new FieldError("$.stages[0].onTimeout", "must be \"reject\" (the default) or \"approve\""),
        new FieldError("$.stages[1].timeout", rule),
        new FieldError("$.stages[1].onTimeout", "must be \"reject\" (the default) or \"approve\""));
  }

  @Test
  void aGateTakesOnlyAQuestionAndAfterAndMakesNoModelToReference() {
    Map<String, Object> gate = Map.of("name", "ok", "gate", "Go on?", "kind", "pretrain", "spec", Map.of());
    Map<String, Object> emptyQuestion = Map.of("name", "ok", "gate", "");
    Map<String, Object> notText = Map.of("name", "ok", "gate", Map.of("question", "Go on?"));

    assertThat(errors(pretrain("a"), gate)).containsExactlyInAnyOrder(
        new FieldError("$.stages[1].kind", GATE_FIELDS), new FieldError("$.stages[1].spec", GATE_FIELDS));
    assertThat(errors(emptyQuestion)).extracting(FieldError::field).containsExactly("$.stages[0].gate");
    assertThat(errors(notText)).extracting(FieldError::field).containsExactly("$.stages[0].gate");
    assertThat(errors(Map.of("name", "ok", "gate", "Go on?"),
        Map.of("name", "rl", "kind", "rl", "spec", Map.of("base", "${stages.ok.model}"))))
        .containsExactly(new FieldError("$.stages[1].spec.base",
            "references gate 'ok', which makes no model; name the stage before the gate, and the gate in \"after\""));
  }

  @Test
  void aRegisterStageNamesAnUpstreamModelAndARegistryNameAndAlias() {
    Map<String, Object> gate = Map.of("name", "ok", "gate", "Go on?");

    assertThat(errors(pretrain("a"), Map.of("name", "r", "register", Map.of("model", "${stages.ok.model}",
        "name", "bad name", "alias", "latest", "stage", "x")), gate)).containsExactlyInAnyOrder(
        new FieldError("$.stages[1].register.stage", "is not a known field (expected one of [alias, model, name])"),
        new FieldError("$.stages[1].register.name",
            "must be 1 to 128 letters, digits, '.', '_' or '-', other than '.' and '..'"),
        new FieldError("$.stages[1].register.alias",
            "must be a lowercase letter then up to 63 lowercase letters, digits, '_' or '-', and not 'latest'"),
        new FieldError("$.stages[1].register.model", "references gate 'ok', which makes no model; name the stage"
            + " before the gate, and the gate in \"after\""));
    assertThat(errors(pretrain("a"), Map.of("name", "r", "register", Map.of("model", "${stages.nope.model}",
        "name", "arith")))).extracting(FieldError::field).containsExactly("$.stages[1].register.model");
    assertThat(errors(pretrain("a"), Map.of("name", "r", "register", Map.of("model",
        "7b9ebf74-0000-0000-0000-000000000000", "name", "arith")))).extracting(FieldError::field)
        .containsExactly("$.stages[1].register.model");
    assertThat(errors(pretrain("a"), Map.of("name", "r", "register", "arith"))).extracting(FieldError::field)
        .containsExactly("$.stages[1].register");
  }

  private PipelineSubmission example(String name) throws IOException {
    try (InputStream in = getClass().getResourceAsStream("/examples/pipelines/" + name + ".json")) {
      return parser.parse(JSON.readTree(in), "default");
    }
  }

  @Test
  void stagesKeepTheirOrderAndDependOnWhatTheyRunAfter() {
    Map<String, Object> spec = Map.of("training", Map.of("steps", 5));
    PipelineSubmission submission = parse(pretrain("a"), pretrain("b", spec, List.of("a")),
        pretrain("c", spec, List.of("a", "b")));

    assertThat(submission.stages()).extracting(StagePlan::name).containsExactly("a", "b", "c");
    assertThat(submission.stages()).extracting(StagePlan::dependsOn)
        .containsExactly(List.of(), List.of("a"), List.of("a", "b"));
    assertThat(JSON.readTree(submission.stages().get(1).specTemplate())).isEqualTo(JSON.valueToTree(spec));
  }

  @Test
  void aCycleIsReportedAtTheFieldThatClosesItWithTheStagesInIt() {
    Map<String, Object> spec = Map.of("training", Map.of("steps", 5));

    assertThat(errors(pretrain("a", spec, List.of("c")), pretrain("b", spec, List.of("a")),
        pretrain("c", spec, List.of("b"))))
        .containsExactly(new FieldError("$.stages[1].after[0]", "makes a cycle of stages: a → c → b → a"));
    assertThat(errors(pretrain("solo", spec, List.of("solo"))))
        .containsExactly(new FieldError("$.stages[0].after[0]", "makes a cycle of stages: solo → solo"));
  }

  @Test
  void referencesToUnknownStagesAndUnknownOutputsAreRefused() {
    Map<String, Object> unknownStage = Map.of("data", Map.of("generator", "${stages.nowhere.model}"));
    Map<String, Object> unknownOutput = Map.of("data", Map.of("generator", "${stages.a.dataset}"));

    assertThat(errors(pretrain("a"), pretrain("b", unknownStage)))
        .containsExactly(new FieldError("$.stages[1].spec.data.generator", "references unknown stage 'nowhere'"));
    assertThat(errors(pretrain("a"), pretrain("b", unknownOutput))).singleElement()
        .satisfies(error -> assertThat(error.field()).isEqualTo("$.stages[1].spec.data.generator"));
  }

  @Test
  void aModelReferenceInAFieldThatTakesNoModelIsATypeError() {
    Map<String, Object> spec = Map.of("data", Map.of("generator", "g-arith", "cacheDir", "${stages.a.model}",
        "files", List.of("x.txt")));

    assertThat(errors(pretrain("a"), pretrain("b", Map.of("device", "${stages.a.model}")))).extracting(FieldError::field)
        .contains("$.stages[1].spec.device");
    assertThat(errors(pretrain("a"), pretrain("b", spec))).extracting(FieldError::field)
        .contains("$.stages[1].spec.data.generator");
  }

  @Test
  void namesMustBeUniqueAndWellFormedAndEachStageSpecIsValidatedAsItsKind() {
    assertThat(errors(pretrain("a"), pretrain("a"))).containsExactly(
        new FieldError("$.stages[1].name", "repeats the name of an earlier stage: a"));
    assertThat(errors(pretrain("has space"))).extracting(FieldError::field).containsExactly("$.stages[0].name");
    assertThat(errors(pretrain("a", Map.of("training", Map.of("steps", -1))))).extracting(FieldError::field)
        .contains("$.stages[0].spec.training.steps");
    assertThat(errors(Map.of("name", "x", "kind", "teleport", "spec", Map.of()))).extracting(FieldError::field)
        .containsExactly("$.stages[0].kind");
    assertThat(errors(pretrain("a", Map.of(), List.of("ghost")))).containsExactly(
        new FieldError("$.stages[0].after[0]", "names unknown stage 'ghost'"));
  }

  @Test
  void anEmptyOrMissingStageListIsRefused() {
    ApiProblem problem = catchThrowableOfType(ApiProblem.class,
        () -> parser.parse(JSON.valueToTree(Map.of("name", "p", "stages", List.of())), "default"));
    assertThat(problem).isNotNull();
    assertThat(problem.getBody().getDetail()).startsWith("$.stages");
  }
}
