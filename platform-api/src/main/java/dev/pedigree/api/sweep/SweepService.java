package dev.pedigree.api.sweep;

import dev.pedigree.api.artifact.ArtifactService;
import dev.pedigree.api.common.problem.ApiProblem;
import dev.pedigree.api.common.problem.FieldError;
import dev.pedigree.api.common.problem.ProblemTypes;
import dev.pedigree.api.config.PedigreeProperties;
import dev.pedigree.api.metric.MetricKeysResponse.MetricKeySummary;
import dev.pedigree.api.metric.MetricService;
import dev.pedigree.api.registry.ModelReferences;
import dev.pedigree.api.run.RunService;
import dev.pedigree.api.run.RunStatus;
import dev.pedigree.api.run.SubmissionParser;
import dev.pedigree.api.security.Caller;
import dev.pedigree.workflows.spec.InputCompatibility;
import dev.pedigree.workflows.spec.ModelInput;
import dev.pedigree.workflows.sweep.SuccessiveHalvingRule;
import dev.pedigree.workflows.sweep.SweepInput;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/** Sweep use cases. Status changes belong to the sweep workflow's ledger calls. */
@Service
public class SweepService {
  private static final Logger log = LoggerFactory.getLogger(SweepService.class);

  private final SweepParser parser;
  private final SweepRepository sweeps;
  private final SweepLauncher launcher;
  private final ArtifactService artifacts;
  private final RunService runs;
  private final MetricService metrics;
  private final SuccessiveHalving halving;
  private final ModelReferences modelReferences;
  private final JsonMapper json;
  /**
   * How often a sweep with early stopping asks which running trials to stop. A median check reads one summary row per
   * running trial and one point per completed trial; an asha check one point per trial and rung reached; so each
   * costs the same however long the trials' curves grow.
   */
  private final Duration earlyStoppingCheck;

  SweepService(SweepParser parser, SweepRepository sweeps, SweepLauncher launcher, ArtifactService artifacts,
      RunService runs, MetricService metrics, SuccessiveHalving halving, ModelReferences modelReferences,
      JsonMapper json, PedigreeProperties properties) {
    this.parser = parser;
    this.sweeps = sweeps;
    this.launcher = launcher;
    this.artifacts = artifacts;
    this.runs = runs;
    this.metrics = metrics;
    this.halving = halving;
    this.modelReferences = modelReferences;
    this.json = json;
    this.earlyStoppingCheck = properties.sweeps().earlyStoppingCheck();
  }

  /**
   * Registry references in the base spec are resolved now, as a run's are: every trial trains from the artifacts they
   * named at submission.
   */
  SweepResponse submit(JsonNode body, Caller caller) {
    ModelReferences.ResolvedBody resolved = modelReferences.resolveSpecOf(body, caller);
    SweepSubmission submission =
        parser.parse(resolved.body(), caller.project() == null ? "default" : caller.project());
    List<FieldError> misplaced = new ArrayList<>();
    resolved.spec().checkFieldsTakeModels(submission.inputs().stream().map(ModelInput::field).toList(), misplaced);
    if (!misplaced.isEmpty()) {
      throw ApiProblem.invalid(SubmissionParser.summary(misplaced), misplaced);
    }
    SweepDefinition sweep = submission.sweep();
    caller.requireMayActIn(sweep.project());
    artifacts.resolveModels(submission.inputs(), InputCompatibility.NONE);
    UUID id = UUID.randomUUID();
    sweeps.insert(id, sweep.name(), sweep.project(), submission.specJson());
    try {
      launcher.start(input(id, sweep, Map.of()));
    } catch (RuntimeException e) {
      log.error("could not start the workflow of sweep {}", id, e);
      sweeps.markEnded(id, RunStatus.FAILED, "could not be scheduled: Temporal was unavailable");
      throw new ApiProblem(HttpStatus.SERVICE_UNAVAILABLE, ProblemTypes.UNAVAILABLE, "Scheduler unavailable",
          "The sweep " + id + " could not be scheduled; submit it again later.", List.of());
    }
    return get(id);
  }

  /**
   * Starts the workflow again of every unfinished sweep that Temporal does not know (the embedded server keeps its state
   * in memory): trials that ended keep their runs, a trial's unfinished run continues from its checkpoint, and the
   * trials not started yet start as before.
   */
  public int reconcile() {
    int restarted = 0;
    for (UUID id : sweeps.active()) {
      if (!launcher.exists(id)) {
        Map<Integer, String> ended = new LinkedHashMap<>();
        sweeps.trialRuns(id).stream()
            .filter(run -> run.status().terminal())
            .forEach(run -> ended.put(run.trial(), run.status().name()));
        launcher.start(input(id, definition(require(id)), ended));
        log.info("sweep {} was unfinished and unknown to Temporal: restarted", id);
        restarted++;
      }
    }
    return restarted;
  }

  private SweepInput input(UUID id, SweepDefinition sweep, Map<Integer, String> ended) {
    return new SweepInput(id, sweep.trials(), sweep.parallelism(),
        sweep.earlyStopping() == null ? null : earlyStoppingCheck, ended,
        sweep.pbt() == null ? 0 : sweep.pbt().population());
  }

  SweepResponse get(UUID id) {
    return response(require(id), true);
  }

  List<SweepResponse> list(int page, int size) {
    return sweeps.list(page, size).stream().map(sweep -> response(sweep, false)).toList();
  }

  /** Idempotent. The sweep first, so it starts no new trial; then each unfinished trial's run, as a run is cancelled. */
  SweepResponse cancel(UUID id, Caller caller) {
    Sweep sweep = require(id);
    caller.requireMayActIn(sweep.project());
    if (!sweep.status().terminal()) {
      if (!launcher.cancel(id)) {
        sweeps.markEnded(id, RunStatus.CANCELLED, null);
      }
      sweeps.trialRuns(id).stream()
          .filter(run -> !run.status().terminal())
          .forEach(run -> runs.cancel(run.runId(), caller));
    }
    return get(id);
  }

  /** The stored body, read again: it was checked in full when it was submitted. */
  SweepDefinition definition(Sweep sweep) {
    return parser.read(json.readTree(sweep.specJson()), sweep.project());
  }

  Sweep require(UUID id) {
    return sweeps.find(id).orElseThrow(() -> ApiProblem.notFound("Sweep", id));
  }

  private SweepResponse response(Sweep sweep, boolean full) {
    SweepDefinition definition = definition(sweep);
    List<ObjectNode> draws = SweepTrials.draw(definition);
    Map<Integer, TrialRun> started = sweeps.trialRuns(sweep.id()).stream()
        .collect(Collectors.toMap(TrialRun::trial, Function.identity()));
    Map<UUID, Map<String, MetricKeySummary>> summaries =
        metrics.summaries(started.values().stream().map(TrialRun::runId).toList());
    Objective objective = definition.objective();
    Map<UUID, SuccessiveHalving.Rung> stoppedAt = full ? stoppedAt(definition, started.values()) : Map.of();
    List<SweepResponse.Trial> trials = new ArrayList<>();
    List<SweepResponse.Trial> finished = new ArrayList<>();
    SweepResponse.Best best = null;
    for (int trial = 1; trial <= draws.size(); trial++) {
      TrialRun run = started.get(trial);
      if (run == null) {
        trials.add(pending(definition, trial, draws.get(trial - 1)));
        continue;
      }
      ObjectNode params = inParameterOrder(definition, run.drawn().params());
      MetricKeySummary summary = summaries.getOrDefault(run.runId(), Map.of()).get(objective.metric());
      Double value = summary == null ? null : objective.of(summary);
      SweepResponse.Trial row = new SweepResponse.Trial(trial, params, run.runId(), run.status().name(), value,
          run.stoppedEarly(), run.stoppedEarly() ? stoppedAt.get(run.runId()) : null,
          definition.method() == SearchMethod.RANDOM ? "random" : run.drawn().drawnBy(), run.drawn().drawnWhy(),
          member(definition, trial, run.parentTrial()));
      trials.add(row);
      if (run.status().terminal() && value != null && Double.isFinite(value)) {
        finished.add(row);
      }
      if (run.status() == RunStatus.SUCCEEDED && value != null && finalGeneration(definition, trial)
          && objective.better(value, best == null ? Double.NaN : best.objective())) {
        best = new SweepResponse.Best(trial, run.runId(), params, value);
      }
    }
    List<SweepResponse.Axis> axes = definition.parameters().stream()
        .map(parameter -> new SweepResponse.Axis(parameter.path(), scale(parameter.domain())))
        .toList();
    ParameterImportance.Result importance = full
        ? ParameterImportance.of(definition.parameters(), finished, seed(sweep.id()))
        : new ParameterImportance.Result(null, null);
    return new SweepResponse(sweep.id(), sweep.name(), sweep.project(), definition.kind(),
        definition.method().name().toLowerCase(Locale.ROOT), sweep.status().name(), sweep.error(),
        definition.parallelism(), objective, axes, counts(draws.size(), started.values()), best,
        importance.importance(), importance.reason(), full ? trials : null,
        full ? json.readTree(sweep.specJson()) : null, sweep.createdAt(), sweep.startedAt(), sweep.finishedAt());
  }

  /** A started trial's values as stored, in the order of the parameters' paths, as draws have them (jsonb has none). */
  private static ObjectNode inParameterOrder(SweepDefinition definition, JsonNode stored) {
    ObjectNode ordered = JsonNodeFactory.instance.objectNode();
    definition.parameters().forEach(parameter -> ordered.set(parameter.path(), stored.get(parameter.path())));
    return ordered;
  }

  /** A trial not started: its values as drawn, unless a tpe or pbt sweep will choose them when it starts. */
  private static SweepResponse.Trial pending(SweepDefinition definition, int trial, ObjectNode draw) {
    return switch (definition.method()) {
      case GRID -> new SweepResponse.Trial(trial, draw, null, "PENDING", null, false, null, null, null);
      case RANDOM -> new SweepResponse.Trial(trial, draw, null, "PENDING", null, false, null, "random", null);
      case TPE -> trial <= definition.tpe().startupTrials()
          ? new SweepResponse.Trial(trial, draw, null, "PENDING", null, false, null, "random", null)
          : new SweepResponse.Trial(trial, draw.objectNode(), null, "PENDING", null, false, null, null, null);
      case PBT -> new SweepResponse.Trial(trial, trial <= definition.pbt().population() ? draw : draw.objectNode(),
          null, "PENDING", null, false, null, null, null, member(definition, trial, null));
    };
  }

  /** Whether a trial may be the sweep's best: in pbt, only a member's last generation has trained the whole schedule. */
  private static boolean finalGeneration(SweepDefinition definition, int trial) {
    return definition.pbt() == null || definition.pbt().generation(trial) == definition.pbt().generations() - 1;
  }

  /** A pbt trial's member and generation, and the trial it continued once it has started; null in other sweeps. */
  private static SweepResponse.Member member(SweepDefinition definition, int trial, Integer parentTrial) {
    PbtSettings pbt = definition.pbt();
    if (pbt == null) {
      return null;
    }
    return new SweepResponse.Member(pbt.member(trial), pbt.generation(trial), parentTrial,
        parentTrial == null ? null : pbt.member(parentTrial) != pbt.member(trial));
  }

  /** The rung of each trial the asha rule stopped, worked out again from the trials' curves. */
  private Map<UUID, SuccessiveHalving.Rung> stoppedAt(SweepDefinition definition, Collection<TrialRun> started) {
    if (!(definition.earlyStopping() instanceof SuccessiveHalvingRule rule)
        || started.stream().noneMatch(TrialRun::stoppedEarly)) {
      return Map.of();
    }
    return halving.stops(rule, definition.objective().metric(), List.copyOf(started));
  }

  /** The same sweep always fits the same forest, so its importances change only when its trials do. */
  private static long seed(UUID id) {
    return id.getMostSignificantBits() ^ id.getLeastSignificantBits();
  }

  private static SweepResponse.Counts counts(int trials, Collection<TrialRun> started) {
    Map<RunStatus, Integer> byStatus = new EnumMap<>(RunStatus.class);
    started.forEach(run -> byStatus.merge(run.status(), 1, Integer::sum));
    return new SweepResponse.Counts(trials, trials - started.size(), byStatus.getOrDefault(RunStatus.QUEUED, 0),
        byStatus.getOrDefault(RunStatus.RUNNING, 0), byStatus.getOrDefault(RunStatus.SUCCEEDED, 0),
        byStatus.getOrDefault(RunStatus.FAILED, 0), byStatus.getOrDefault(RunStatus.CANCELLED, 0));
  }

  private static String scale(Domain domain) {
    if (domain instanceof Domain.Range range) {
      return range.log() ? "log" : "linear";
    }
    return "values";
  }
}
