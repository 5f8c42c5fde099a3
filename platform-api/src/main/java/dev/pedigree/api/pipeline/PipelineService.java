package dev.pedigree.api.pipeline;

import dev.pedigree.api.artifact.ArtifactService;
import dev.pedigree.api.common.problem.ApiProblem;
import dev.pedigree.api.common.problem.FieldError;
import dev.pedigree.api.common.problem.ProblemTypes;
import dev.pedigree.api.registry.ModelReference;
import dev.pedigree.api.registry.ModelReferences;
import dev.pedigree.api.run.RunService;
import dev.pedigree.api.run.RunStatus;
import dev.pedigree.api.run.SubmissionParser;
import dev.pedigree.api.security.Caller;
import dev.pedigree.api.usage.Usage;
import dev.pedigree.api.usage.UsageService;
import dev.pedigree.workflows.pipeline.GateDecision;
import dev.pedigree.workflows.pipeline.GateTimeout;
import dev.pedigree.workflows.pipeline.PipelineInput;
import dev.pedigree.workflows.pipeline.StagePlan;
import dev.pedigree.workflows.spec.InputCompatibility;
import dev.pedigree.workflows.spec.ModelInput;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** Pipeline use cases. Status changes belong to the pipeline workflow's ledger calls. */
@Service
public class PipelineService {
  private static final Logger log = LoggerFactory.getLogger(PipelineService.class);

  private final PipelineParser parser;
  private final PipelineRepository pipelines;
  private final PipelineLauncher launcher;
  private final ArtifactService artifacts;
  private final RunService runs;
  private final UsageService usage;
  private final ModelReferences modelReferences;
  private final JsonMapper json;

  PipelineService(PipelineParser parser, PipelineRepository pipelines, PipelineLauncher launcher,
      ArtifactService artifacts, RunService runs, UsageService usage, ModelReferences modelReferences,
      JsonMapper json) {
    this.parser = parser;
    this.pipelines = pipelines;
    this.launcher = launcher;
    this.artifacts = artifacts;
    this.runs = runs;
    this.usage = usage;
    this.modelReferences = modelReferences;
    this.json = json;
  }

  /**
   * Registry references in stage specs are resolved now: the stored body names the artifacts they named at
   * submission, so a retry runs on the same models, and each stage's run records the references.
   */
  PipelineResponse submit(JsonNode body, Caller caller) {
    List<FieldError> errors = new ArrayList<>();
    Map<Integer, ModelReferences.Resolved> resolved = resolveReferences(body, caller, errors);
    if (!errors.isEmpty()) {
      throw ApiProblem.invalid(SubmissionParser.summary(errors), errors);
    }
    JsonNode resolvedBody = withSpecs(body, resolved);
    PipelineSubmission submission =
        parser.parse(resolvedBody, caller.project() == null ? "default" : caller.project());
    List<String> modelFields = submission.literalInputs().stream().map(ModelInput::field).toList();
    resolved.values().forEach(stage -> stage.checkFieldsTakeModels(modelFields, errors));
    if (!errors.isEmpty()) {
      throw ApiProblem.invalid(SubmissionParser.summary(errors), errors);
    }
    caller.requireMayActIn(submission.project());
    // Only the models named by id are known now; those a stage references are checked when its run is recorded.
    artifacts.resolveModels(submission.literalInputs(), InputCompatibility.NONE);
    UUID id = UUID.randomUUID();
    pipelines.insert(id, submission.name(), submission.project(), submission.specJson(),
        referencesByStage(resolvedBody, resolved));
    start(id, submission.stages(), Map.of(), Set.of());
    return get(id);
  }

  /** Each stage's spec with its registry references resolved, by stage index; paths from the body's root. */
  private Map<Integer, ModelReferences.Resolved> resolveReferences(JsonNode body, Caller caller,
      List<FieldError> errors) {
    Map<Integer, ModelReferences.Resolved> resolved = new LinkedHashMap<>();
    JsonNode stages = body == null ? null : body.get("stages");
    if (stages == null || !stages.isArray()) {
      return resolved;
    }
    for (int i = 0; i < stages.size(); i++) {
      JsonNode spec = stages.get(i).get("spec");
      if (spec != null && spec.isObject()) {
        resolved.put(i, modelReferences.resolve(spec, stageSpecPath(i), caller, errors));
      }
    }
    return resolved;
  }

  private static JsonNode withSpecs(JsonNode body, Map<Integer, ModelReferences.Resolved> resolved) {
    if (resolved.isEmpty()) {
      return body;
    }
    ObjectNode copy = ((ObjectNode) body).deepCopy();
    resolved.forEach((index, stage) -> ((ObjectNode) copy.get("stages").get(index)).set("spec", stage.spec()));
    return copy;
  }

  /** By stage name, then by field as the stage's run sees it ({@code $.spec.base}). */
  private static Map<String, Map<String, ModelReference>> referencesByStage(JsonNode body,
      Map<Integer, ModelReferences.Resolved> resolved) {
    Map<String, Map<String, ModelReference>> byStage = new LinkedHashMap<>();
    resolved.forEach((index, stage) -> {
      Map<String, ModelReference> byField = new LinkedHashMap<>();
      stage.references().forEach((path, reference) ->
          byField.put("$.spec" + path.substring(stageSpecPath(index).length()), reference));
      if (!byField.isEmpty()) {
        byStage.put(body.get("stages").get(index).get("name").asString(), byField);
      }
    });
    return byStage;
  }

  private static String stageSpecPath(int index) {
    return "$.stages[" + index + "].spec";
  }

  PipelineResponse get(UUID id) {
    Pipeline pipeline = require(id);
    return response(pipeline, stages(pipeline), usage.ofPipeline(pipeline.id()).orElse(null));
  }

  List<PipelineResponse> list(int page, int size) {
    return pipelines.list(page, size).stream().map(pipeline -> response(pipeline, null, null)).toList();
  }

  /**
   * Starts the workflow again of every unfinished pipeline that Temporal does not know (the embedded server keeps its
   * state in memory): stages that succeeded keep their models, a stage's unfinished run continues from its checkpoint.
   */
  public int reconcile() {
    int restarted = 0;
    for (UUID id : pipelines.active()) {
      if (!launcher.exists(id)) {
        Pipeline pipeline = require(id);
        launcher.start(new PipelineInput(id, plans(pipeline), succeededModels(id), approvedGates(id)));
        log.info("pipeline {} was unfinished and unknown to Temporal: restarted", id);
        restarted++;
      }
    }
    return restarted;
  }

  /**
   * Starts a FAILED or CANCELLED pipeline again. Stages whose latest run succeeded keep that run and its model; the
   * others run anew.
   */
  PipelineResponse retry(UUID id, Caller caller) {
    Pipeline pipeline = require(id);
    caller.requireMayActIn(pipeline.project());
    if (!pipelines.requeue(id)) {
      throw new ApiProblem(HttpStatus.CONFLICT, ProblemTypes.CONFLICT, "Not retryable",
          "Only a FAILED or CANCELLED pipeline can be retried; this one is " + pipeline.status() + ".", List.of());
    }
    start(id, plans(pipeline), succeededModels(id), approvedGates(id));
    return get(id);
  }

  /**
   * Passes a person's decision to the pipeline waiting at the gate; only the first counts, and a later one is a 409.
   * The gate's status changes when the pipeline has recorded it, moments later.
   */
  PipelineResponse decide(UUID id, String stage, boolean approve, String comment, Caller caller) {
    Pipeline pipeline = require(id);
    caller.requireMayActIn(pipeline.project());
    StagePlan plan = plans(pipeline).stream().filter(candidate -> candidate.name().equals(stage)).findFirst()
        .orElseThrow(() -> new ApiProblem(HttpStatus.NOT_FOUND, ProblemTypes.NOT_FOUND, "Stage not found",
            "Pipeline " + id + " has no stage '" + stage + "'.", List.of()));
    Gate gate = pipelines.gates(id).get(stage);
    if (!plan.waitsForApproval() || gate == null || !gate.status().equals("WAITING")) {
      List<PastDecision> decided = pipelines.gateDecisions(id).getOrDefault(stage, List.of());
      boolean timedOut = !decided.isEmpty() && decided.get(decided.size() - 1).timedOut();
      throw new ApiProblem(HttpStatus.CONFLICT, ProblemTypes.CONFLICT, "Not waiting for a decision",
          notWaiting(pipeline, plan, gate, timedOut), List.of());
    }
    switch (launcher.decide(id, new GateDecision(stage, approve, caller.name(), comment))) {
      case REFUSED -> throw new ApiProblem(HttpStatus.CONFLICT, ProblemTypes.CONFLICT, "Not waiting for a decision",
          "Gate '" + stage + "' no longer waits: another decision came first, or its timeout fired.", List.of());
      case NO_WORKFLOW -> throw new ApiProblem(HttpStatus.SERVICE_UNAVAILABLE, ProblemTypes.UNAVAILABLE,
          "Scheduler unavailable", "The workflow of pipeline " + id + " is not running; try again in a moment.",
          List.of());
      case COUNTED -> { }
    }
    return get(id);
  }

  /** @param timedOut the gate's latest decision was its own, at its timeout */
  private static String notWaiting(Pipeline pipeline, StagePlan plan, Gate gate, boolean timedOut) {
    if (!plan.waitsForApproval()) {
      return "Stage '" + plan.name() + "' is a " + plan.kind() + " stage, not a gate.";
    }
    if (gate != null && timedOut) {
      return "Gate '" + plan.name() + "' timed out after " + plan.gateTimeout().after() + " and was already "
          + gate.status().toLowerCase() + "; a decision after its timeout does not count.";
    }
    if (gate != null) {
      return "Gate '" + plan.name() + "' was already " + gate.status().toLowerCase() + " by " + gate.decidedBy() + ".";
    }
    return pipeline.status().terminal()
        ? "Pipeline " + pipeline.id() + " is " + pipeline.status() + "; retry it to reach gate '" + plan.name() + "'."
        : "The pipeline has not reached gate '" + plan.name() + "': it waits for " + plan.dependsOn() + ".";
  }

  /** Idempotent. The pipeline first, so a stage's cancelled run cannot fail it; then each unfinished stage run. */
  PipelineResponse cancel(UUID id, Caller caller) {
    Pipeline pipeline = require(id);
    caller.requireMayActIn(pipeline.project());
    if (!pipeline.status().terminal()) {
      if (!launcher.cancel(id)) {
        pipelines.markEnded(id, RunStatus.CANCELLED, null);
      }
      pipelines.stageRuns(id).stream()
          .filter(run -> !run.status().terminal())
          .forEach(run -> runs.cancel(run.runId(), caller));
    }
    return get(id);
  }

  private void start(UUID id, List<StagePlan> stages, Map<String, String> reused, Set<String> approvedGates) {
    try {
      launcher.start(new PipelineInput(id, stages, reused, approvedGates));
    } catch (RuntimeException e) {
      log.error("could not start the workflow of pipeline {}", id, e);
      pipelines.markEnded(id, RunStatus.FAILED, "could not be scheduled: Temporal was unavailable");
      throw new ApiProblem(HttpStatus.SERVICE_UNAVAILABLE, ProblemTypes.UNAVAILABLE, "Scheduler unavailable",
          "The pipeline " + id + " could not be scheduled; retry it later.", List.of());
    }
  }

  /** The model of each stage whose latest run succeeded, and of each register stage that registered its model. */
  private Map<String, String> succeededModels(UUID id) {
    Map<String, String> models = new LinkedHashMap<>();
    for (StageRun run : pipelines.stageRuns(id)) {
      if (run.status() == RunStatus.SUCCEEDED && run.model() != null) {
        models.put(run.stage(), run.model().toString());
      } else {
        models.remove(run.stage());
      }
    }
    pipelines.registrations(id).forEach((stage, registration) -> models.put(stage, registration.model().toString()));
    return models;
  }

  private Set<String> approvedGates(UUID id) {
    Set<String> approved = new HashSet<>();
    pipelines.gates(id).values().stream().filter(gate -> gate.status().equals("APPROVED"))
        .forEach(gate -> approved.add(gate.stage()));
    return approved;
  }

  /** The stored body, parsed again: what was valid at submission is valid now. */
  private List<StagePlan> plans(Pipeline pipeline) {
    return parser.parse(json.readTree(pipeline.specJson()), pipeline.project()).stages();
  }

  private List<PipelineResponse.Stage> stages(Pipeline pipeline) {
    Map<String, List<StageRun>> runsByStage = new LinkedHashMap<>();
    for (StageRun run : pipelines.stageRuns(pipeline.id())) {
      runsByStage.computeIfAbsent(run.stage(), stage -> new ArrayList<>()).add(run);
    }
    Map<String, Gate> gates = pipelines.gates(pipeline.id());
    Map<String, List<PastDecision>> decisions = pipelines.gateDecisions(pipeline.id());
    Map<String, Registration> registrations = pipelines.registrations(pipeline.id());
    List<PipelineResponse.Stage> stages = new ArrayList<>();
    for (StagePlan plan : plans(pipeline)) {
      if (plan.waitsForApproval()) {
        stages.add(gateStage(plan, gates.get(plan.name()), decisions.getOrDefault(plan.name(), List.of())));
        continue;
      }
      if (plan.registersModel()) {
        Registration registered = registrations.get(plan.name());
        stages.add(new PipelineResponse.Stage(plan.name(), plan.kind(), plan.dependsOn(),
            registered == null ? "PENDING" : "SUCCEEDED", null, List.of(), registered == null ? null
                : registered.model(), null, registered));
        continue;
      }
      List<StageRun> runs = runsByStage.getOrDefault(plan.name(), List.of());
      StageRun latest = runs.isEmpty() ? null : runs.get(runs.size() - 1);
      stages.add(new PipelineResponse.Stage(plan.name(), plan.kind(), plan.dependsOn(),
          latest == null ? "PENDING" : latest.status().name(), latest == null ? null : latest.runId(),
          runs.stream().map(StageRun::runId).toList(), latest == null ? null : latest.model(), null, null));
    }
    return stages;
  }

  private static PipelineResponse.Stage gateStage(StagePlan plan, Gate gate, List<PastDecision> decisions) {
    GateTimeout timeout = plan.gateTimeout();
    String after = timeout == null ? null : timeout.after().toString();
    String onTimeout = timeout == null ? null : timeout.approves() ? "approve" : "reject";
    PipelineResponse.GateView view = gate == null
        ? new PipelineResponse.GateView(plan.specTemplate(), null, null, null, null, after, onTimeout, null,
            decisions)
        : new PipelineResponse.GateView(plan.specTemplate(), gate.reachedAt(), gate.decidedAt(), gate.decidedBy(),
            gate.comment(), after, onTimeout, gate.timeoutAt(), decisions);
    return new PipelineResponse.Stage(plan.name(), plan.kind(), plan.dependsOn(),
        gate == null ? "PENDING" : gate.status(), null, List.of(), null, view, null);
  }

  private Pipeline require(UUID id) {
    return pipelines.find(id).orElseThrow(() -> ApiProblem.notFound("Pipeline", id));
  }

  private PipelineResponse response(Pipeline pipeline, List<PipelineResponse.Stage> stages, Usage usage) {
    return new PipelineResponse(pipeline.id(), pipeline.name(), pipeline.project(), pipeline.status().name(),
        pipeline.error(), stages == null ? null : json.readTree(pipeline.specJson()), stages, pipeline.createdAt(),
        pipeline.startedAt(), pipeline.finishedAt(), pipeline.stagesSucceeded(), pipeline.stagesTotal(), usage,
        pipeline.waitingGates().isEmpty() ? null : pipeline.waitingGates());
  }
}
