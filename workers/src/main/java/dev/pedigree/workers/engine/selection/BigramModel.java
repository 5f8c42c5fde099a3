package dev.pedigree.workers.engine.selection;

import java.util.List;

/**
 * A byte-bigram language model: P(b | a) from the counts of byte pairs within each text, add-one smoothed over the
 * 256 next bytes, so every pair has a finite log-probability. A text's first byte is not scored.
 *
 * @param logProbabilities ln P(b | a) at {@code a * 256 + b}
 */
record BigramModel(double[] logProbabilities) {
  private static final int BYTES = 256;

  static BigramModel fit(List<byte[]> texts) {
    long[] pairs = new long[BYTES * BYTES];
    long[] firsts = new long[BYTES];
    for (byte[] text : texts) {
      for (int i = 1; i < text.length; i++) {
        int previous = text[i - 1] & 0xFF;
        pairs[previous * BYTES + (text[i] & 0xFF)]++;
        firsts[previous]++;
      }
    }
    double[] logProbabilities = new double[pairs.length];
    for (int pair = 0; pair < pairs.length; pair++) {
      logProbabilities[pair] = Math.log((pairs[pair] + 1.0) / (firsts[pair / BYTES] + BYTES));
    }
    return new BigramModel(logProbabilities);
  }

  /** ln P(text[1..] | text[0]), the sum over the text's byte pairs. */
  double logLikelihood(byte[] text) {
    double sum = 0;
    for (int i = 1; i < text.length; i++) {
      sum += logProbabilities[(text[i - 1] & 0xFF) * BYTES + (text[i] & 0xFF)];
    }
    return sum;
  }
}
