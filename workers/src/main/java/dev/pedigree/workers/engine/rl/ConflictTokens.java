package dev.pedigree.workers.engine.rl;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * GTPO's conflict tokens, as its reference code finds them: a (position, token) pair is shared when a positive- and a
 * negative-advantage completion of the same group both have that token at that position; a completion's conflict
 * tokens are its leading run of shared pairs, positions counted from the start, and its trailing run, positions
 * counted from the end. So shared formatting prefixes such as {@code " <a>"} and suffixes such as {@code "</a>"} of
 * answers of different lengths are conflicts, and a shared token after the first unshared one from either end is not.
 * Completions with a zero advantage, or not kept (GTPO's entropy filter), take no part.
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
      for (boolean fromEnd : new boolean[] {false, true}) {
        Set<Long> positive = new HashSet<>();
        Set<Long> negative = new HashSet<>();
        for (int i = start; i < start + groupSize; i++) {
          if (takesPart(i, advantages, kept)) {
            int[] tokens = completions.get(i);
            for (int k = 0; k < tokens.length; k++) {
              (advantages[i] > 0 ? positive : negative).add(pair(k, tokens[index(tokens, k, fromEnd)]));
            }
          }
        }
        for (int i = start; i < start + groupSize; i++) {
          if (takesPart(i, advantages, kept)) {
            markRun(completions.get(i), fromEnd, positive, negative, conflicts[i]);
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

  /** Marks the completion's run of pairs shared by both signs, from its start or from its end. */
  private static void markRun(int[] tokens, boolean fromEnd, Set<Long> positive, Set<Long> negative,
      boolean[] conflicts) {
    for (int k = 0; k < tokens.length; k++) {
      int t = index(tokens, k, fromEnd);
      long pair = pair(k, tokens[t]);
      if (!positive.contains(pair) || !negative.contains(pair)) {
        return;
      }
      conflicts[t] = true;
    }
  }

  private static boolean takesPart(int i, double[] advantages, boolean[] kept) {
    return kept[i] && advantages[i] != 0;
  }

  /** The index of the {@code k}-th token counted from the start, or from the end. */
  private static int index(int[] tokens, int k, boolean fromEnd) {
    return fromEnd ? tokens.length - 1 - k : k;
  }

  private static long pair(int position, int token) {
    return (long) position << 32 | (token & 0xffffffffL);
  }
}
