package dev.pedigree.workers.engine.selection;

import java.util.Arrays;

/**
 * A text as fastText-style features: its byte 1-, 2- and 3-grams hashed (FNV-1a) into {@link #BUCKETS} buckets, each
 * bucket's value its share of all the text's n-grams. Sparse: the buckets that occur, ascending, and their values.
 */
record NgramFeatures(int[] buckets, double[] values) {
  static final int BUCKETS = 1 << 16;
  static final String DESCRIPTION = "byte 1-, 2- and 3-grams, FNV-1a hashed into buckets, each the gram's share of"
      + " the text's grams";
  private static final int MAX_N = 3;

  static NgramFeatures of(byte[] text) {
    int grams = 0;
    int[] hashes = new int[Math.max(0, MAX_N * text.length)];
    for (int n = 1; n <= MAX_N; n++) {
      for (int start = 0; start + n <= text.length; start++) {
        hashes[grams++] = bucket(text, start, n);
      }
    }
    int[] sorted = Arrays.copyOf(hashes, grams);
    Arrays.sort(sorted);
    int[] buckets = new int[grams];
    double[] values = new double[grams];
    int distinct = 0;
    for (int i = 0; i < grams; i++) {
      if (distinct == 0 || buckets[distinct - 1] != sorted[i]) {
        buckets[distinct++] = sorted[i];
      }
      values[distinct - 1] += 1.0 / grams;
    }
    return new NgramFeatures(Arrays.copyOf(buckets, distinct), Arrays.copyOf(values, distinct));
  }

  double dot(double[] weights) {
    double sum = 0;
    for (int i = 0; i < buckets.length; i++) {
      sum += weights[buckets[i]] * values[i];
    }
    return sum;
  }

  static int bucket(byte[] text, int start, int n) {
    int hash = 0x811C9DC5 ^ n;
    for (int i = start; i < start + n; i++) {
      hash = (hash ^ (text[i] & 0xFF)) * 0x01000193;
    }
    return (hash ^ (hash >>> 16)) & (BUCKETS - 1);
  }
}
