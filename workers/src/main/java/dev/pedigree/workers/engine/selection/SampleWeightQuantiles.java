package dev.pedigree.workers.engine.selection;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The distribution of one step's per-sample weights as a few scalar metrics, {@code selection/sample_weight/p10},
 * {@code /p50}, {@code /p90} and {@code /max}, so a dashboard can plot how unequal the weighting is over time without
 * reading every sample. The weights are those recorded per sample (each micro-batch's sum to 1); quantiles interpolate
 * linearly between order statistics (numpy's default, Hyndman and Fan type 7).
 */
public final class SampleWeightQuantiles {
  static final String PREFIX = "selection/sample_weight/";

  private SampleWeightQuantiles() {}

  /** @throws IllegalArgumentException when there are no weights */
  public static Map<String, Double> of(double[] weights) {
    if (weights.length == 0) {
      throw new IllegalArgumentException("no sample weights");
    }
    double[] sorted = weights.clone();
    Arrays.sort(sorted);
    Map<String, Double> metrics = new LinkedHashMap<>();
    metrics.put(PREFIX + "p10", quantile(sorted, 0.1));
    metrics.put(PREFIX + "p50", quantile(sorted, 0.5));
    metrics.put(PREFIX + "p90", quantile(sorted, 0.9));
    metrics.put(PREFIX + "max", sorted[sorted.length - 1]);
    return metrics;
  }

  static double quantile(double[] sorted, double p) {
    double position = (sorted.length - 1) * p;
    int below = (int) Math.floor(position);
    int above = Math.min(below + 1, sorted.length - 1);
    return sorted[below] + (position - below) * (sorted[above] - sorted[below]);
  }
}
