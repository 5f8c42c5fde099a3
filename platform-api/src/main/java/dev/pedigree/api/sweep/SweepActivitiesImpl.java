package dev.pedigree.api.sweep;

import dev.pedigree.api.common.problem.FieldError;
import dev.pedigree.api.metric.MetricKeysResponse.MetricKeySummary;
import dev.pedigree.api.metric.MetricService;
import dev.pedigree.api.run.RunService;
import dev.pedigree.api.run.RunStatus;
import dev.pedigree.api.run.SubmissionParser;
import dev.pedigree.api.run.SweepTrial;
import dev.pedigree.workflows.run.RunInput;
import dev.pedigree.workflows.sweep.MedianStoppingRule;
import dev.pedigree.workflows.sweep.SuccessiveHalvingRule;
import dev.pedigree.workflows.sweep.SweepActivities;
import dev.pedigree.workflows.sweep.TrialRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** The only writer of sweep status, and the recorder of trial runs. Idempotent: Temporal may retry any call. */
@Component
public class SweepActivitiesImpl implements SweepActivities {
  private static final Logger log = LoggerFactory.getLogger(SweepActivitiesImpl.class);

  private final SweepService service;
  private final SweepRepository sweeps;
  private final RunService runs;
  private final MetricService metrics;
  private final SuccessiveHalving halving;
  private final Populations populations;
  private final ApplicationEventPublisher events;
  private final JsonMapper json;

  SweepActivitiesImpl(SweepService service, SweepRepository sweeps, RunService runs, MetricService metrics,
      SuccessiveHalving halving, Populations populations, ApplicationEventPublisher events, JsonMapper json) {
    this.service = service;
    this.sweeps = sweeps;
    this.runs = runs;
    this.metrics = metrics;
    this.halving = halving;
    this.populations = populations;
    this.events = events;
    this.json = json;
  }

  /**
   * A trial that already has a run gets that run: one a platform restart left unfinished continues instead of another
   * starting, and a tpe or pbt trial keeps the values it was given (a new draw would see a longer history).
   */
  @Override
  public RunInput createTrialRun(TrialRequest request) {
    Sweep sweep = sweeps.find(request.sweepId()).orElseThrow(() ->
        new IllegalArgumentException("no sweep " + request.sweepId()));
    Optional<UUID> recorded = sweeps.trialRun(sweep.id(), request.trial());
    if (recorded.isPresent()) {
      return runs.workflowInput(recorded.get());
    }
    SweepDefinition definition = service.definition(sweep);
    List<FieldError> errors = new ArrayList<>();
    SweepTrial trial;
    ObjectNode spec;
    if (definition.pbt() != null && definition.pbt().generation(request.trial()) > 0) {
      PopulationStep.Next next = populations.next(definition, sweep.id(), request.trial());
      trial = new SweepTrial(sweep.id(), request.trial(), next.params());
      spec = SweepParser.trialSpec(definition, next.params(), errors);
      definition.pbt().shape(spec, definition.pbt().generation(request.trial()), next.parent().checkpoint().toString());
    } else {
      trial = draw(definition, sweep.id(), request.trial());
      spec = SweepParser.trialSpec(definition, (ObjectNode) trial.params(), errors);
    }
    if (!errors.isEmpty()) {
      throw new IllegalArgumentException("trial " + request.trial() + ": " + SubmissionParser.summary(errors));
    }
    return runs.recordTrialRun(request.runId(), trial, definition.trialName(request.trial()), sweep.project(),
        definition.kind(), spec.toString());
  }

  /** The trial's values: drawn from the sweep's body, or, in a tpe sweep, chosen from the trials scored so far. */
  private SweepTrial draw(SweepDefinition definition, UUID sweepId, int trial) {
    if (definition.method() != SearchMethod.TPE) {
      return new SweepTrial(sweepId, trial, SweepTrials.draw(definition).get(trial - 1));
    }
    TreeParzenSampler.TrialDraw draw = TreeParzenSampler.draw(definition, trial, scored(definition, sweepId));
    if (draw.why() != null) {
      log.info("sweep {} trial {} drawn at random: {}", sweepId, trial, draw.why());
    }
    return new SweepTrial(sweepId, trial, draw.params(), draw.drawnBy(), draw.why());
  }

  /**
   * The trials with an objective to learn from: the succeeded ones, and those the early-stopping rule stopped, at the
   * value they had reached (worse, as a rule, than where they would have ended; the rule judged them bad already).
   */
  private List<TreeParzenSampler.ScoredTrial> scored(SweepDefinition definition, UUID sweepId) {
    List<TrialRun> ended = sweeps.trialRuns(sweepId).stream()
        .filter(run -> run.status() == RunStatus.SUCCEEDED || run.stoppedEarly() && run.status().terminal())
        .toList();
    Map<UUID, Map<String, MetricKeySummary>> summaries =
        metrics.summaries(ended.stream().map(TrialRun::runId).toList());
    Objective objective = definition.objective();
    List<TreeParzenSampler.ScoredTrial> scored = new ArrayList<>();
    for (TrialRun run : ended) {
      MetricKeySummary summary = summaries.getOrDefault(run.runId(), Map.of()).get(objective.metric());
      if (summary != null && Double.isFinite(objective.of(summary))) {
        scored.add(new TreeParzenSampler.ScoredTrial(run.drawn().params(), objective.of(summary)));
      }
    }
    return scored;
  }

  /** The running trials, not already stopped, that the sweep's rule stops now. */
  @Override
  public List<UUID> trialsToStopEarly(UUID sweepId) {
    Sweep sweep = sweeps.find(sweepId).orElseThrow(() -> new IllegalArgumentException("no sweep " + sweepId));
    SweepDefinition definition = service.definition(sweep);
    List<TrialRun> trials = sweeps.trialRuns(sweepId);
    List<UUID> running = trials.stream()
        .filter(trial -> trial.status() == RunStatus.RUNNING && !trial.stoppedEarly())
        .map(TrialRun::runId)
        .toList();
    if (running.isEmpty()) {
      return List.of();
    }
    String metric = definition.objective().metric();
    if (definition.earlyStopping() instanceof MedianStoppingRule median) {
      return stoppedByMedian(median, metric, running, trials);
    }
    if (definition.earlyStopping() instanceof SuccessiveHalvingRule rule) {
      Map<UUID, SuccessiveHalving.Rung> stops = halving.stops(rule, metric, trials);
      return running.stream().filter(stops::containsKey).toList();
    }
    return List.of();
  }

  /**
   * Judges each running trial that has the objective's metric, at the step it has reached, against the completed
   * (succeeded) trials' values at that step.
   */
  private List<UUID> stoppedByMedian(MedianStoppingRule rule, String metric, List<UUID> running,
      List<TrialRun> trials) {
    List<UUID> completed = trials.stream()
        .filter(trial -> trial.status() == RunStatus.SUCCEEDED)
        .map(TrialRun::runId)
        .toList();
    if (completed.isEmpty()) {
      return List.of();
    }
    Map<UUID, Map<String, MetricKeySummary>> summaries = metrics.summaries(running);
    List<UUID> stop = new ArrayList<>();
    for (UUID runId : running) {
      MetricKeySummary summary = summaries.getOrDefault(runId, Map.of()).get(metric);
      if (summary == null) {
        continue;
      }
      double best = rule.minimize() ? summary.min() : summary.max();
      List<Double> atStep = List.copyOf(metrics.valuesAt(completed, metric, summary.lastStep()).values());
      if (rule.stops(summary.lastStep(), best, atStep)) {
        stop.add(runId);
      }
    }
    return stop;
  }

  @Override
  public void markTrialStoppedEarly(UUID runId) {
    sweeps.markStoppedEarly(runId);
  }

  @Override
  public void markSweepRunning(UUID sweepId) {
    sweeps.markRunning(sweepId);
  }

  @Override
  public void markSweepEnded(UUID sweepId, String status, String error) {
    if (sweeps.markEnded(sweepId, RunStatus.valueOf(status), error)) {
      SweepResponse ended = service.get(sweepId);
      events.publishEvent(new SweepEnded(sweepId, ended.name(), ended.project(), status, error,
          ended.best() == null ? null : json.valueToTree(ended.best())));
    }
  }
}
