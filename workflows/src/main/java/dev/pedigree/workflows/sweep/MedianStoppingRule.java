package dev.pedigree.workflows.sweep;

import java.util.List;

/**
 * The median stopping rule (Vizier; Katib and W&B offer it too): a running trial stops when its best objective so far
 * is worse than the median of the completed trials' objectives at the step it has reached. Vizier takes the completed
 * trials' running averages up to that step; here it is their value at that step, one indexed read per trial.
 *
 * @param minSteps a trial is judged only once it has reached this step
 */
public record MedianStoppingRule(boolean minimize, long minSteps) implements EarlyStoppingRule {

  /**
   * @param step the step the running trial has reached
   * @param best its best objective value so far
   * @param completed the completed trials' objective values at {@code step} (non-finite ones are ignored)
   */
  public boolean stops(long step, double best, List<Double> completed) {
    List<Double> finite = completed.stream().filter(Double::isFinite).toList();
    if (step < minSteps || finite.isEmpty() || Double.isNaN(best)) {
      return false;
    }
    double median = median(finite);
    return minimize ? best > median : best < median;
  }

  static double median(List<Double> values) {
    List<Double> sorted = values.stream().sorted().toList();
    int middle = sorted.size() / 2;
    return sorted.size() % 2 == 1 ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
  }
}
