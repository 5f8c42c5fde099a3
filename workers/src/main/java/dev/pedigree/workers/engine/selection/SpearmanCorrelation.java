package dev.pedigree.workers.engine.selection;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/** Spearman's rank correlation: Pearson's correlation of the ranks, tied values sharing the mean of their ranks. */
final class SpearmanCorrelation {
  private SpearmanCorrelation() {}

  /** In [-1, 1]; 0 when either side is constant, so has no order to agree with. */
  static double of(double[] x, double[] y) {
    if (x.length != y.length) {
      throw new IllegalArgumentException("lengths differ: " + x.length + " and " + y.length);
    }
    return PearsonCorrelation.of(ranks(x), ranks(y));
  }

  /** 1-based ranks in ascending order of {@code values}; a run of equal values takes the mean of the ranks it spans. */
  static double[] ranks(double[] values) {
    Integer[] order = IntStream.range(0, values.length).boxed().toArray(Integer[]::new);
    Arrays.sort(order, Comparator.comparingDouble(index -> values[index]));
    double[] ranks = new double[values.length];
    for (int start = 0; start < order.length; ) {
      int end = start;
      while (end + 1 < order.length && values[order[end + 1]] == values[order[start]]) {
        end++;
      }
      double meanRank = (start + end) / 2.0 + 1;
      for (int i = start; i <= end; i++) {
        ranks[order[i]] = meanRank;
      }
      start = end + 1;
    }
    return ranks;
  }
}
