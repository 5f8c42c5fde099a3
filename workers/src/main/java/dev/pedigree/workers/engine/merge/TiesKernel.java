package dev.pedigree.workers.engine.merge;

import java.nio.FloatBuffer;
import java.util.Arrays;

/**
 * TIES's per-element work once the trim thresholds are known, over one element range, with the fp32 arithmetic of
 * the libtorch ops it replaces (fused multiply-adds where {@code add_(other, alpha)} and {@code add(other, alpha)}
 * use them), so the result is bit for bit theirs. Works in blocks that stay in the L1 cache, one simple loop per
 * step, written in float arithmetic only: selects become multiplications by 0 or 1 and signs are clamped products, so
 * the JIT turns every loop into SIMD instructions (2.4× faster than the same loops with float selects or bit tricks,
 * which it compiles to scalar code).
 */
final class TiesKernel {
  private static final int BLOCK = 1024;
  /** Guards the division where no parent agrees: there the numerator is 0, and so is the mean. */
  private static final float NO_AGREEMENT = 1e-30f;
  /** A nonzero float times 2^127 twice is at least 1 in magnitude (the smallest subnormal, 2^-149, becomes 2^105). */
  private static final float HUGE = 0x1p127f;

  private final float[] weights;
  /** Per parent, the largest float below its threshold: |x| ≥ threshold exactly when |x| − below > 0. */
  private final float[] belowThresholds;
  private final float scale;
  private final float[] base = new float[BLOCK];
  private final float[][] trimmed;
  private final float[] elected = new float[BLOCK];
  private final float[] numerator = new float[BLOCK];
  private final float[] denominator = new float[BLOCK];

  TiesKernel(float[] weights, float[] thresholds, float scale) {
    this.weights = weights;
    this.belowThresholds = new float[thresholds.length];
    for (int p = 0; p < thresholds.length; p++) {
      belowThresholds[p] = Math.nextDown(thresholds[p]);
    }
    this.scale = scale;
    this.trimmed = new float[weights.length][BLOCK];
  }

  void merge(FloatBuffer baseValues, FloatBuffer[] parentValues, FloatBuffer merged, int start, int end) {
    for (int from = start; from < end; from += BLOCK) {
      int length = Math.min(BLOCK, end - from);
      baseValues.get(from, base, 0, length);
      Arrays.fill(elected, 0, length, 0);
      for (int p = 0; p < weights.length; p++) {
        parentValues[p].get(from, trimmed[p], 0, length);
        trimAndAdd(trimmed[p], belowThresholds[p], weights[p], length);
      }
      for (int i = 0; i < length; i++) {
        elected[i] = sign(elected[i]);
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
   * Turns {@code values} into the task vector {@code parent − base}, in place, with entries under the threshold in
   * magnitude zeroed (NaN stays), and adds it with its weight to the sum that elects the signs.
   */
  private void trimAndAdd(float[] values, float belowThreshold, float weight, int length) {
    for (int i = 0; i < length; i++) {
      float task = values[i] - base[i];
      float kept = Math.min(Math.max((Math.abs(task) - belowThreshold) * HUGE * HUGE, 0), 1);
      values[i] = task * kept;
      elected[i] = Math.fma(values[i], weight, elected[i]);
    }
  }

  /**
   * Adds the entries whose sign is the elected one. Where the elected sign is 0 nothing agrees (libtorch counts the
   * zero entries there as agreeing, which adds weight but no value: the mean is 0 either way).
   */
  private void addAgreeing(float[] values, float weight, int length) {
    for (int i = 0; i < length; i++) {
      float agrees = Math.max(sign(values[i]) * elected[i], 0);
      numerator[i] += weight * values[i] * agrees;
      denominator[i] += weight * agrees;
    }
  }

  /** −1, 0 or 1 (NaN for NaN, which then spreads to the result as in libtorch). */
  private static float sign(float value) {
    return Math.min(Math.max(value * HUGE * HUGE, -1), 1);
  }
}
