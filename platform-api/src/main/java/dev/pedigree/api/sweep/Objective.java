package dev.pedigree.api.sweep;

import dev.pedigree.api.metric.MetricKeysResponse.MetricKeySummary;

/**
 * What a sweep optimizes: one metric key of its trials, read from the run's per-key summary (never its points).
 *
 * @param goal minimize or maximize
 * @param summary which summary value is a trial's objective: last, min or max
 */
record Objective(String metric, String goal, String summary) {

  boolean minimize() {
    return goal.equals("minimize");
  }

  double of(MetricKeySummary metricSummary) {
    return switch (summary) {
      case "min" -> metricSummary.min();
      case "max" -> metricSummary.max();
      default -> metricSummary.last();
    };
  }

  /** Whether {@code value} beats {@code other}; a non-finite value beats nothing. */
  boolean better(double value, double other) {
    return Double.isFinite(value) && (Double.isNaN(other) || (minimize() ? value < other : value > other));
  }
}
