package dev.pedigree.api.sweep;

import dev.pedigree.api.metric.MetricService;
import dev.pedigree.workflows.sweep.SuccessiveHalvingRule;
import dev.pedigree.workflows.sweep.SuccessiveHalvingRule.Arrival;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * Applies a sweep's successive-halving rule to its trials' curves: at each rung, every trial's first value of the
 * objective's metric at the rung's step or after it, in the order the trials wrote them. The order comes from the
 * points' wall times, so a trial is judged against the values written before it reached the rung, however late the
 * sweep's check comes.
 */
@Component
class SuccessiveHalving {
  private final MetricService metrics;

  SuccessiveHalving(MetricService metrics) {
    this.metrics = metrics;
  }

  /** Where a trial was stopped: the rung (from 0) and its step. */
  record Rung(int rung, long step) {}

  /** The rung at which the rule stops each trial it stops, whether or not the trial has been stopped yet. */
  Map<UUID, Rung> stops(SuccessiveHalvingRule rule, String metric, List<TrialRun> trials) {
    long steps = trials.stream().mapToLong(TrialRun::totalSteps).max().orElse(0);
    List<UUID> runIds = trials.stream().map(TrialRun::runId).toList();
    List<Long> rungSteps = rule.rungs(steps);
    List<List<Arrival<UUID>>> rungs = new ArrayList<>();
    for (long step : rungSteps) {
      List<Arrival<UUID>> arrivals = metrics.valuesReaching(runIds, metric, step).entrySet().stream()
          .map(reached -> new Arrival<>(reached.getKey(), reached.getValue()))
          .toList();
      if (arrivals.isEmpty()) {
        break;
      }
      rungs.add(arrivals);
    }
    Map<UUID, Rung> stops = new HashMap<>();
    rule.stops(rungs).forEach((runId, rung) -> stops.put(runId, new Rung(rung, rungSteps.get(rung))));
    return stops;
  }
}
