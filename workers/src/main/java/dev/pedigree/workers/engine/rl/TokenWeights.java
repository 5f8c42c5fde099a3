package dev.pedigree.workers.engine.rl;

import java.util.Arrays;

/** Per-token weights of the policy-gradient loss (δ in METHODS.md §2.2's GTPO entry). */
public final class TokenWeights {
  private TokenWeights() {}

  /** GRPO: every token of a kept completion counts once. */
  public static double[][] uniform(int[] lengths, boolean[] kept) {
    double[][] weights = new double[lengths.length][];
    for (int i = 0; i < lengths.length; i++) {
      weights[i] = new double[lengths[i]];
      Arrays.fill(weights[i], kept[i] ? 1.0 : 0.0);
    }
    return weights;
  }

  /**
   * GTPO: conflict tokens get {@code conflictWeight} in positive-advantage completions and 0 in negative ones (their
   * negative update is skipped); other tokens of kept completions get 1, dropped completions 0. Each completion's
   * weights are then divided by its number of conflict tokens (at least 1), as GTPO's loss divides a completion's
   * token-mean by its conflict count: a completion that shares much with its opposites moves the policy less.
   */
  public static double[][] gtpo(boolean[][] conflicts, double[] advantages, boolean[] kept, double conflictWeight) {
    double[][] weights = new double[conflicts.length][];
    for (int i = 0; i < conflicts.length; i++) {
      weights[i] = new double[conflicts[i].length];
      int conflictCount = 0;
      for (boolean conflict : conflicts[i]) {
        conflictCount += conflict ? 1 : 0;
      }
      double share = 1.0 / Math.max(conflictCount, 1);
      for (int t = 0; t < conflicts[i].length; t++) {
        double conflict = advantages[i] > 0 ? conflictWeight : 0.0;
        weights[i][t] = !kept[i] ? 0.0 : (conflicts[i][t] ? conflict : 1.0) * share;
      }
    }
    return weights;
  }
}
