package dev.pedigree.workers.bench;

import java.util.Arrays;

/** Order statistics of measurements. */
public final class Stats {
  private Stats() {}

  public static double median(double[] values) {
    return percentile(values, 50);
  }

  /** Nearest-rank percentile ({@code 0 < p <= 100}) of a non-empty sample. */
  public static double percentile(double[] values, double p) {
    if (values.length == 0) {
      throw new IllegalArgumentException("no measurements");
    }
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int rank = (int) Math.ceil(p / 100.0 * sorted.length);
    return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
  }
}
