package dev.pedigree.api.run;

import dev.pedigree.api.artifact.Artifact;
import dev.pedigree.api.artifact.ArtifactService;
import dev.pedigree.api.common.problem.ApiProblem;
import dev.pedigree.api.metric.MetricKeysResponse.MetricKeySummary;
import dev.pedigree.api.metric.MetricService;
import dev.pedigree.api.metric.StepWindow;
import dev.pedigree.api.common.problem.ProblemTypes;
import dev.pedigree.api.registry.ModelReference;
import dev.pedigree.api.registry.ModelReferences;
import dev.pedigree.api.security.Caller;
import dev.pedigree.api.usage.Usage;
import dev.pedigree.api.usage.UsageService;
import dev.pedigree.api.common.problem.FieldError;
import dev.pedigree.workflows.run.InputModel;
import dev.pedigree.workflows.run.RunInput;
import dev.pedigree.workflows.spec.InputCompatibility;
import dev.pedigree.workflows.spec.ModelInput;
import dev.pedigree.workflows.spec.RunKinds;
import dev.pedigree.workflows.spec.RunSpec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.databind.json.JsonMapper;

/** Run use cases. The API writes a run's first row and cancel requests; status changes belong to the ledger. */
@Service
public class RunService {
  private static final Logger log = LoggerFactory.getLogger(RunService.class);

  private final RunRepository runs;
  private final SubmissionParser parser;
  private final RunLauncher launcher;
  private final ArtifactService artifacts;
  private final MetricService metrics;
  private final UsageService usage;
  private final ApplicationEventPublisher events;
  private final ModelReferences modelReferences;
  private final SegmentCheckpoints segments;
  private final JsonMapper json;

  RunService(RunRepository runs, SubmissionParser parser, RunLauncher launcher, ArtifactService artifacts,
      MetricService metrics, UsageService usage, ApplicationEventPublisher events, ModelReferences modelReferences,
      SegmentCheckpoints segments, JsonMapper json) {
    this.runs = runs;
    this.parser = parser;
    this.launcher = launcher;
    this.artifacts = artifacts;
    this.metrics = metrics;
    this.usage = usage;
    this.events = events;
    this.modelReferences = modelReferences;
    this.segments = segments;
    this.json = json;
  }

  /**
   * A project-scoped caller's runs go into its project by default and may not go anywhere else. Registry references
   * in the spec are resolved now: the stored spec names the artifacts they named at submission.
   */
  public RunResponse submit(JsonNode body, Caller caller) {
    ModelReferences.ResolvedBody resolved = modelReferences.resolveSpecOf(body, caller);
    RunSubmission submission = parser.parse(resolved.body(), caller.project() == null ? "default" : caller.project());
    Map<String, ModelReference> references = resolved.spec().references();
    List<FieldError> misplaced = new ArrayList<>();
    resolved.spec().checkFieldsTakeModels(submission.inputs().stream().map(ModelInput::field).toList(), misplaced);
    segments.check(submission.kind(), submission.specJson(), submission.totalSteps(), misplaced);
    if (!misplaced.isEmpty()) {
      throw ApiProblem.invalid(SubmissionParser.summary(misplaced), misplaced);
    }
    caller.requireMayActIn(submission.project());
    List<InputModel> models = artifacts.resolveModels(submission.inputs(), submission.compatibility());
    UUID id = UUID.randomUUID();
    runs.insert(id, submission.name(), submission.project(), submission.kind(), submission.specJson(),
        submission.totalSteps(), submission.inputs(), models, references, null, null);
    try {
      launcher.start(launcher.input(id, submission.kind(), submission.specJson(), submission.device(), 0, models));
    } catch (RuntimeException e) {
      log.error("could not start the workflow of run {}", id, e);
      runs.markEnded(id, RunStatus.FAILED, "could not be scheduled: Temporal was unavailable");
      throw new ApiProblem(HttpStatus.SERVICE_UNAVAILABLE, ProblemTypes.UNAVAILABLE, "Scheduler unavailable",
          "The run was recorded as " + id + " but could not be scheduled; submit it again later.", List.of());
    }
    return get(id);
  }

  /** Submits the run's stored spec again, under its name and in its project; the spec names the same inputs. */
  public RunResponse reproduce(UUID id, Caller caller) {
    Run run = requireScheduled(id, "reproduce");
    ObjectNode body = json.createObjectNode();
    body.put("name", run.name());
    body.put("project", run.project());
    body.put("kind", run.kind());
    body.set("spec", json.readTree(run.specJson()));
    return submit(body, caller);
  }

  /**
   * Records the run of a pipeline stage, once per id, and returns the input of its workflow, which the pipeline
   * starts as a child.
   *
   * @param specJson the stage's spec with upstream references resolved to artifact ids
   * @param references the registry references the stage's spec gave, by field ({@code $.spec.base}), resolved when
   *     the pipeline was submitted
   * @throws IllegalArgumentException when the spec or its inputs are invalid
   */
  public RunInput recordStageRun(UUID id, PipelineStage stage, String project, String kind, String specJson,
      Map<String, ModelReference> references) {
    return recordChildRun(id, stage.name(), project, kind, specJson, references, stage, null, "stage " + stage.name());
  }

  /**
   * Records the run of a sweep's trial, once per id, and returns the input of its workflow, which the sweep starts as
   * a child.
   *
   * @param specJson the sweep's spec with the trial's values set
   * @throws IllegalArgumentException when the spec or its inputs are invalid
   */
  public RunInput recordTrialRun(UUID id, SweepTrial trial, String name, String project, String kind, String specJson) {
    return recordChildRun(id, name, project, kind, specJson, Map.of(), null, trial, "trial " + trial.trial());
  }

  private RunInput recordChildRun(UUID id, String name, String project, String kind, String specJson,
      Map<String, ModelReference> references, PipelineStage stage, SweepTrial trial, String what) {
    List<FieldError> errors = new ArrayList<>();
    RunSpec spec = parser.spec(kind, json.readTree(specJson), "$.spec", errors);
    List<ModelInput> inputs = spec == null ? List.of() : spec.modelInputs("$.spec");
    List<InputModel> models = artifacts.resolveModels(inputs,
        spec == null ? InputCompatibility.NONE : spec.inputCompatibility(), errors);
    String resolvedSpec = spec == null ? null : parser.json(spec);
    if (spec != null) {
      segments.check(kind, resolvedSpec, spec.totalSteps(), errors);
    }
    if (!errors.isEmpty()) {
      throw new IllegalArgumentException(what + ": " + SubmissionParser.summary(errors));
    }
    runs.insert(id, name, project, kind, resolvedSpec, spec.totalSteps(), inputs, models, references, stage, trial);
    return launcher.input(id, kind, resolvedSpec, spec.device(), 0, models);
  }

  public RunResponse get(UUID id) {
    Run run = require(id);
    return response(run, metrics.summaries(List.of(id)).getOrDefault(id, Map.of()), runs.attempts(id),
        artifacts.inputsOf(id), artifacts.producedBy(id), usage.ofRuns(List.of(id)).get(id));
  }

  public RunPage list(RunFilter filter, int page, int size) {
    List<Run> items = runs.list(filter, page, size);
    List<UUID> ids = items.stream().map(Run::id).toList();
    Map<UUID, Map<String, MetricKeySummary>> summaries = metrics.summaries(ids);
    Map<UUID, Usage> usages = usage.ofRuns(ids);
    List<RunResponse> responses = items.stream()
        .map(run -> response(run, summaries.getOrDefault(run.id(), Map.of()), null, null, null, usages.get(run.id())))
        .toList();
    return new RunPage(responses, page, size, runs.count(filter));
  }

  /**
   * The runs of {@code ids} side by side: each as a run list shows it, the union of their metric keys, and, when
   * {@code key} is given, each run's curve of it inside {@code window}, downsampled to {@code maxPoints}.
   */
  public RunComparison compare(List<UUID> ids, String key, int maxPoints, StepWindow window, boolean wallTimes) {
    Map<UUID, Run> found = new HashMap<>();
    runs.findAll(ids).forEach(run -> found.put(run.id(), run));
    List<UUID> present = ids.stream().filter(found::containsKey).toList();
    Map<UUID, Map<String, MetricKeySummary>> summaries = metrics.summaries(present);
    List<RunResponse> responses = present.stream()
        .map(id -> response(found.get(id), summaries.getOrDefault(id, Map.of()), null, null, null, null))
        .toList();
    List<String> keys = summaries.values().stream().flatMap(byKey -> byKey.keySet().stream()).distinct().sorted()
        .toList();
    List<RunComparison.RunCurve> series = key == null ? List.of()
        : metrics.curvesOf(present, key, maxPoints, window, wallTimes).entrySet().stream()
            .map(curve -> new RunComparison.RunCurve(curve.getKey(), curve.getValue()))
            .toList();
    List<UUID> missing = ids.stream().filter(id -> !found.containsKey(id)).toList();
    return new RunComparison(responses, missing, keys, key, series);
  }

  /** Idempotent: cancelling an ended run changes nothing. */
  public RunResponse cancel(UUID id, Caller caller) {
    Run run = requireScheduled(id, "cancel");
    caller.requireMayActIn(run.project());
    if (!run.status().terminal()) {
      runs.requestCancel(id);
      if (!launcher.cancel(id) && runs.markEnded(id, RunStatus.CANCELLED, null)) {
        events.publishEvent(new RunStatusChanged(id));
      }
    }
    return get(id);
  }

  /** An ended run's attempts are its history: a late or buggy report may not add to it or rewrite it. */
  public AttemptStarted recordAttempt(UUID id, AttemptReport report) {
    Run run = require(id);
    if (run.status().terminal()) {
      throw new ApiProblem(HttpStatus.CONFLICT, ProblemTypes.CONFLICT, "Run ended",
          "Run " + id + " is " + run.status() + "; an ended run takes no new attempts.", List.of());
    }
    runs.recordAttempt(id, report.attempt(), report.fromStep(), report.worker(), report.device(),
        report.heldSeconds() == null ? 0 : report.heldSeconds());
    events.publishEvent(new RunStatusChanged(id));
    return new AttemptStarted(usage.priorDeviceSeconds(id, report.attempt()));
  }

  /**
   * A worker reports an artifact of the run. A checkpoint or the model comes from an attempt that reported itself, the
   * latest, which still holds its device; datasets and tokenizers come before their attempt's report, while the latest
   * recorded attempt may be one whose worker died.
   */
  public void artifactReported(UUID id, String kind) {
    if ("checkpoint".equals(kind) || "model".equals(kind)) {
      runs.attemptSeen(id);
    }
  }

  /**
   * Restarts the workflow of every unfinished run that Temporal does not know (the embedded server keeps its state
   * in memory); the training activity then resumes from the run's latest checkpoint.
   */
  public int reconcile() {
    int restarted = 0;
    for (UUID id : runs.activeOutsidePipelines()) {
      if (!launcher.exists(id)) {
        launcher.start(workflowInput(id));
        log.info("run {} was unfinished and unknown to Temporal: restarted from its latest checkpoint", id);
        restarted++;
      }
    }
    return restarted;
  }

  /** What a new workflow of a stored run needs to continue it: its attempts so far count on, its inputs stay. */
  public RunInput workflowInput(UUID id) {
    Run run = require(id);
    String device = json.readTree(run.specJson()).path("device").asString("cpu");
    return launcher.input(id, run.kind(), run.specJson(), device, runs.lastAttempt(id), runs.inputModels(id));
  }

  public void requireExists(UUID id) {
    require(id);
  }

  private Run require(UUID id) {
    return runs.find(id).orElseThrow(() -> ApiProblem.notFound("Run", id));
  }

  /** The run, unless it is tracked: Pedigree never ran it, so it can neither stop nor repeat it. */
  private Run requireScheduled(UUID id, String action) {
    Run run = require(id);
    if (run.kind().equals(RunKinds.TRACKED)) {
      throw new ApiProblem(HttpStatus.CONFLICT, ProblemTypes.CONFLICT, "Run is tracked",
          "Run " + id + " was trained elsewhere and logged through the MLflow API, so Pedigree cannot " + action
              + " it; its MLflow client ends it (e.g. with status KILLED).",
          List.of());
    }
    return run;
  }

  private RunResponse response(Run run, Map<String, MetricKeySummary> summary, List<Attempt> attempts,
      List<Artifact> inputs, List<Artifact> outputs, Usage usage) {
    return new RunResponse(run.id(), run.name(), run.project(), run.kind(), run.status().name(),
        json.readTree(run.specJson()), new RunResponse.Progress(run.progressStep(), run.totalSteps()), attempts,
        run.createdAt(), run.startedAt(), run.finishedAt(), run.error(), inputs, outputs,
        summary, usage, run.sweep());
  }
}
