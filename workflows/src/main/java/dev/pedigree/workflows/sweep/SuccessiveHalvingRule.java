package dev.pedigree.workflows.sweep;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Asynchronous successive halving (ASHA, Li et al. 2018; Ray Tune's ASHAScheduler): rungs at
 * {@code minSteps · reductionFactor^k} steps. A trial that reaches a rung continues while fewer than
 * {@code reductionFactor} trials have reached it, or when its value there is among the best
 * {@code ⌊n / reductionFactor⌋} of the {@code n} values recorded there so far, its own included; otherwise it stops.
 * Values stay recorded after their trials stop or complete. A non-finite value ranks below every finite one.
 */
public record SuccessiveHalvingRule(boolean minimize, long minSteps, int reductionFactor) implements EarlyStoppingRule {

  /** A trial's value at a rung. */
  public record Arrival<T>(T trial, double value) {}

  /** The steps of the rungs below {@code totalSteps}, lowest first. */
  public List<Long> rungs(long totalSteps) {
    List<Long> rungs = new ArrayList<>();
    for (long step = minSteps; step < totalSteps; step *= reductionFactor) {
      rungs.add(step);
      if (step > Long.MAX_VALUE / reductionFactor) {
        break;
      }
    }
    return rungs;
  }

  /**
   * @param rungs the values recorded at each rung, lowest rung first, each in the order the trials reached it
   * @return each stopped trial's first rung (0-based) at which it was not among the best
   */
  public <T> Map<T, Integer> stops(List<List<Arrival<T>>> rungs) {
    Map<T, Integer> stopped = new HashMap<>();
    for (int rung = 0; rung < rungs.size(); rung++) {
      List<Double> recorded = new ArrayList<>();
      for (Arrival<T> arrival : rungs.get(rung)) {
        if (!continues(arrival.value(), recorded)) {
          stopped.putIfAbsent(arrival.trial(), rung);
        }
        recorded.add(arrival.value());
      }
    }
    return stopped;
  }

  /** Whether a trial continues with {@code value} at a rung where {@code earlier} were recorded before it. */
  boolean continues(double value, List<Double> earlier) {
    int recorded = earlier.size() + 1;
    if (recorded < reductionFactor) {
      return true;
    }
    long better = earlier.stream().filter(other -> better(other, value)).count();
    return Double.isFinite(value) && better < recorded / reductionFactor;
  }

  private boolean better(double value, double other) {
    return Double.isFinite(value) && (!Double.isFinite(other) || (minimize ? value < other : value > other));
  }
}
