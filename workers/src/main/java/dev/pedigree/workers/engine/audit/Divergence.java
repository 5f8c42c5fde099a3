package dev.pedigree.workers.engine.audit;

import java.util.List;

/**
 * How the greedy outputs of one condition differ from a reference's, prompt by prompt.
 *
 * @param diverged prompts whose output is not token for token the reference's
 * @param meanFirstDivergence the mean index of the first differing generated token over the diverged prompts (a
 *     prefix of the other output diverges at its length); NaN when none diverged
 * @param meanLengthDifference the mean absolute difference in generated tokens over all prompts
 */
public record Divergence(int prompts, int diverged, double meanFirstDivergence, double meanLengthDifference) {
  /** Compares the outputs for the same prompts, in the same order. */
  public static Divergence between(List<int[]> reference, List<int[]> outputs) {
    if (reference.size() != outputs.size()) {
      throw new IllegalArgumentException(reference.size() + " reference outputs but " + outputs.size() + " outputs");
    }
    int diverged = 0;
    long firstDivergences = 0;
    long lengthDifferences = 0;
    for (int prompt = 0; prompt < reference.size(); prompt++) {
      int[] expected = reference.get(prompt);
      int[] actual = outputs.get(prompt);
      int first = firstDifference(expected, actual);
      if (first >= 0) {
        diverged++;
        firstDivergences += first;
      }
      lengthDifferences += Math.abs(expected.length - actual.length);
    }
    return new Divergence(reference.size(), diverged, diverged == 0 ? Double.NaN : (double) firstDivergences / diverged,
        reference.isEmpty() ? 0 : (double) lengthDifferences / reference.size());
  }

  /** The divergences of several prompt sets (seeds) as one: counts added, means weighted by their counts. */
  public static Divergence pooled(List<Divergence> parts) {
    int prompts = parts.stream().mapToInt(Divergence::prompts).sum();
    int diverged = parts.stream().mapToInt(Divergence::diverged).sum();
    double firstSum = parts.stream().filter(part -> part.diverged() > 0)
        .mapToDouble(part -> part.meanFirstDivergence() * part.diverged()).sum();
    double lengthSum = parts.stream().mapToDouble(part -> part.meanLengthDifference() * part.prompts()).sum();
    return new Divergence(
        prompts, diverged, diverged == 0 ? Double.NaN : firstSum / diverged, prompts == 0 ? 0 : lengthSum / prompts);
  }

  /** The first index where the two differ, {@code -1} if they are equal. */
  private static int firstDifference(int[] expected, int[] actual) {
    int shorter = Math.min(expected.length, actual.length);
    for (int i = 0; i < shorter; i++) {
      if (expected[i] != actual[i]) {
        return i;
      }
    }
    return expected.length == actual.length ? -1 : shorter;
  }
}
