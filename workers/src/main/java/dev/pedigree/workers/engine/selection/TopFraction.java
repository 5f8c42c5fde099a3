package dev.pedigree.workers.engine.selection;

import java.util.Comparator;
import java.util.stream.IntStream;

/** The best-scored share of a pool: indices by score, highest first, equal scores in index order. */
final class TopFraction {
  private TopFraction() {}

  /** The indices of the top {@code fraction} of {@code scores} (rounded, at least one), best first. */
  static int[] of(double[] scores, double fraction) {
    return IntStream.range(0, scores.length).boxed()
        .sorted(Comparator.comparingDouble((Integer index) -> -scores[index]).thenComparing(index -> index))
        .limit(count(scores.length, fraction))
        .mapToInt(Integer::intValue)
        .toArray();
  }

  static int count(int size, double fraction) {
    return (int) Math.max(1, Math.min(size, Math.round(fraction * size)));
  }
}
