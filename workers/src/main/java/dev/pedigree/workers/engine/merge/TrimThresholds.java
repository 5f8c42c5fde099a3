package dev.pedigree.workers.engine.merge;

import java.nio.FloatBuffer;
import java.util.List;

/**
 * The k-th largest magnitude of each task vector {@code parent − base}, exactly, by a two-pass radix select on the
 * bits of |x| (non-negative floats order as their bit patterns do): the top 16 bits pick a bucket, the low 16 bits
 * the value within it. Task vectors are computed on the fly, never stored; each pass counts per element range in
 * parallel and adds the counts up in range order.
 */
final class TrimThresholds {
  private static final int BUCKETS = 1 << 16;

  private TrimThresholds() {}

  static float[] of(FloatBuffer base, List<FloatBuffer> parents, long k) {
    ElementRanges ranges = ElementRanges.of(base.limit());
    int[][] high = sum(ranges.map(range -> countHigh(base, parents, ranges.start(range), ranges.end(range))));
    int[] highBuckets = new int[parents.size()];
    long[] remaining = new long[parents.size()];
    for (int p = 0; p < parents.size(); p++) {
      remaining[p] = k;
      highBuckets[p] = select(high[p], remaining, p);
    }
    int[][] low = sum(ranges.map(
        range -> countLow(base, parents, highBuckets, ranges.start(range), ranges.end(range))));
    float[] thresholds = new float[parents.size()];
    for (int p = 0; p < parents.size(); p++) {
      thresholds[p] = Float.intBitsToFloat(highBuckets[p] << 16 | select(low[p], remaining, p));
    }
    return thresholds;
  }

  private static int[][] countHigh(FloatBuffer base, List<FloatBuffer> parents, int start, int end) {
    int[][] counts = new int[parents.size()][BUCKETS];
    for (int p = 0; p < parents.size(); p++) {
      FloatBuffer parent = parents.get(p);
      int[] parentCounts = counts[p];
      for (int i = start; i < end; i++) {
        parentCounts[magnitudeBits(parent.get(i) - base.get(i)) >>> 16]++;
      }
    }
    return counts;
  }

  private static int[][] countLow(FloatBuffer base, List<FloatBuffer> parents, int[] highBuckets, int start,
      int end) {
    int[][] counts = new int[parents.size()][BUCKETS];
    for (int p = 0; p < parents.size(); p++) {
      FloatBuffer parent = parents.get(p);
      int[] parentCounts = counts[p];
      int highBucket = highBuckets[p];
      for (int i = start; i < end; i++) {
        int bits = magnitudeBits(parent.get(i) - base.get(i));
        if (bits >>> 16 == highBucket) {
          parentCounts[bits & 0xffff]++;
        }
      }
    }
    return counts;
  }

  private static int[][] sum(List<int[][]> perRange) {
    int[][] total = perRange.get(0);
    for (int[][] counts : perRange.subList(1, perRange.size())) {
      for (int p = 0; p < total.length; p++) {
        for (int bucket = 0; bucket < BUCKETS; bucket++) {
          total[p][bucket] += counts[p][bucket];
        }
      }
    }
    return total;
  }

  /** The bucket holding the {@code remaining[p]}-th largest, counting down; leaves the rank within that bucket. */
  private static int select(int[] counts, long[] remaining, int p) {
    int bucket = BUCKETS - 1;
    while (counts[bucket] < remaining[p]) {
      remaining[p] -= counts[bucket];
      bucket--;
    }
    return bucket;
  }

  private static int magnitudeBits(float value) {
    return Float.floatToRawIntBits(value) & 0x7fffffff;
  }
}
