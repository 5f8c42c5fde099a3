package dev.pedigree.workers.engine.merge;

import java.nio.FloatBuffer;
import java.util.Arrays;

/**
 * TIES's per-element work once the trim thresholds are known, over one element range, with the fp32 arithmetic of
 * the libtorch ops it replaces (fused multiply-adds where {@code add_(other, alpha)} and {@code add(other, alpha)}
 * use them), so the result is bit for bit theirs. Works in blocks that stay in the L1 cache, one simple loop per
 * step. Comparisons are done on the float bits with integer arithmetic: the JIT compiles float selects to branches,
 * which on random signs mispredict so often that the same loops with them ran 4× slower.
 */
final class TiesKernel {
  private static final int BLOCK = 1024;
  /** Guards the division where no parent agrees: there the numerator is 0, and so is the mean. */
  private static final float NO_AGREEMENT = 1e-30f;
  private static final int ONE_BITS = Float.floatToRawIntBits(1f);
  /** The smallest NaN's bits, sign cleared. */
  private static final int NAN_BITS = 0x7f800001;

  private final float[] weights;
  private final float[] thresholds;
  private final float scale;
  private final float[] base = new float[BLOCK];
  private final float[][] trimmed;
  private final float[] electedSum = new float[BLOCK];
  private final int[] elected = new int[BLOCK];
  private final float[] numerator = new float[BLOCK];
  private final float[] denominator = new float[BLOCK];

  TiesKernel(float[] weights, float[] thresholds, float scale) {
    this.weights = weights;
    this.thresholds = thresholds;
    this.scale = scale;
    this.trimmed = new float[weights.length][BLOCK];
  }

  void merge(FloatBuffer baseValues, FloatBuffer[] parentValues, FloatBuffer merged, int start, int end) {
    for (int from = start; from < end; from += BLOCK) {
      int length = Math.min(BLOCK, end - from);
      baseValues.get(from, base, 0, length);
      Arrays.fill(electedSum, 0, length, 0);
      for (int p = 0; p < weights.length; p++) {
        parentValues[p].get(from, trimmed[p], 0, length);
        trimAndAdd(trimmed[p], thresholds[p], weights[p], length);
      }
      for (int i = 0; i < length; i++) {
        elected[i] = sign(electedSum[i]);
      }
      Arrays.fill(numerator, 0, length, 0);
      Arrays.fill(denominator, 0, length, 0);
      for (int p = 0; p < weights.length; p++) {
        addAgreeing(trimmed[p], weights[p], length);
      }
      for (int i = 0; i < length; i++) {
        numerator[i] = Math.fma(numerator[i] / Math.max(denominator[i], NO_AGREEMENT), scale, base[i]);
      }
      merged.put(from, numerator, 0, length);
    }
  }

  /**
   * Turns {@code values} into the task vector {@code parent − base}, in place, with entries under {@code threshold}
   * in magnitude zeroed, and adds it with its weight to the sum that elects the signs.
   */
  private void trimAndAdd(float[] values, float threshold, float weight, int length) {
    // Non-negative floats (NaN included, which is never trimmed) order as their bits do.
    int thresholdBits = Float.floatToRawIntBits(threshold);
    for (int i = 0; i < length; i++) {
      int bits = Float.floatToRawIntBits(values[i] - base[i]);
      int kept = ~(((bits & 0x7fffffff) - thresholdBits) >> 31);
      float trimmedValue = Float.intBitsToFloat(bits & kept);
      values[i] = trimmedValue;
      electedSum[i] = Math.fma(trimmedValue, weight, electedSum[i]);
    }
  }

  /**
   * Adds the entries whose sign is the elected one. Trimmed entries (0) never agree with a nonzero sign; where the
   * elected sign is 0 they add weight but no value, and the mean there is 0 either way.
   */
  private void addAgreeing(float[] values, float weight, int length) {
    for (int i = 0; i < length; i++) {
      int differs = sign(values[i]) ^ elected[i];
      float agrees = Float.intBitsToFloat(~((differs | -differs) >> 31) & ONE_BITS);
      numerator[i] += weight * values[i] * agrees;
      denominator[i] += weight * agrees;
    }
  }

  /** libtorch's sign, -1, 0 or 1, with 0 for ±0 and NaN. */
  private static int sign(float value) {
    int bits = Float.floatToRawIntBits(value);
    int magnitude = bits & 0x7fffffff;
    int nonzero = -magnitude >> 31;
    int notNaN = (magnitude - NAN_BITS) >> 31;
    return ((bits >> 31) | 1) & nonzero & notNaN;
  }
}
