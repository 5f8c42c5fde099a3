package dev.pedigree.api.scaling;

/**
 * A run's predicted final loss.
 *
 * @param interval the central {@code level} of the predictions of laws refitted to resampled runs
 * @param fit the law and the runs it rests on
 */
public record Prediction(long parameters, long tokens, double loss, Interval interval, ScalingLawResponse fit) {
  /** @param resamples how many refitted laws the interval's percentiles are taken over */
  public record Interval(double low, double high, double level, int resamples) {}
}
