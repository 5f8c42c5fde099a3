package dev.pedigree.workers.engine.rl;

import java.util.List;

/**
 * GTPO's conflict tokens: a token of a completion is in conflict when a completion of the same group with an advantage
 * of the opposite sign has the same token at the same position, counted from the start or from the end (so shared
 * prefixes such as {@code " <a>"} and shared suffixes such as {@code "</a>\n"} of answers of different lengths both
 * count). GTPO's code aligns runs of shared pairs from both ends; matching every position is the same on shared
 * formatting and also catches shared tokens in the middle. Completions with a zero advantage, or not kept, take no part.
 */
public final class ConflictTokens {
  private ConflictTokens() {}

  /**
   * @param completions consecutive groups of {@code groupSize} completions
   * @param kept which completions take part (GTPO's entropy filter drops some)
   * @return per completion, per token, whether it is a conflict token
   */
  public static boolean[][] of(List<int[]> completions, double[] advantages, boolean[] kept, int groupSize) {
    int count = completions.size();
    boolean[][] conflicts = new boolean[count][];
    for (int i = 0; i < count; i++) {
      conflicts[i] = new boolean[completions.get(i).length];
    }
    for (int start = 0; start < count; start += groupSize) {
      for (int i = start; i < start + groupSize; i++) {
        for (int j = start; j < start + groupSize; j++) {
          if (kept[i] && kept[j] && advantages[i] * advantages[j] < 0) {
            markShared(completions.get(i), completions.get(j), conflicts[i]);
          }
        }
      }
    }
    return conflicts;
  }

  /** The number of conflict tokens. */
  public static int count(boolean[][] conflicts) {
    int total = 0;
    for (boolean[] row : conflicts) {
      for (boolean conflict : row) {
        total += conflict ? 1 : 0;
      }
    }
    return total;
  }

  private static void markShared(int[] tokens, int[] other, boolean[] conflicts) {
    for (int t = 0; t < tokens.length; t++) {
      int fromEnd = tokens.length - 1 - t;
      boolean sameFromStart = t < other.length && other[t] == tokens[t];
      boolean sameFromEnd = fromEnd < other.length && other[other.length - 1 - fromEnd] == tokens[t];
      conflicts[t] |= sameFromStart || sameFromEnd;
    }
  }
}
