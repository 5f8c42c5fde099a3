package dev.pedigree.workers.engine.merge;

import static org.bytedeco.pytorch.global.torch.zeros_like;

import dev.pedigree.workers.engine.torch.Tensors;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;

/**
 * TIES-merging (Yadav et al. 2023): trim each task vector to its {@code density} share of largest magnitudes, elect a
 * sign per entry as the sign of the (w-weighted) sum of the trimmed vectors, and add to the base {@code scale} times
 * the w-weighted mean of the trimmed entries that agree with it; an entry with no agreeing parent stays the base's.
 * Weights must be positive.
 */
public record TiesMerge(List<Double> weights, double density, double scale) implements TensorMerge {
  public TiesMerge {
    weights = List.copyOf(weights);
  }

  /** Guards the division where no parent agrees: there the numerator is 0, and so is the mean. */
  private static final double NO_AGREEMENT = 1e-30;

  @Override
  public Tensor merge(String name, Tensor base, List<Tensor> parents) {
    List<Tensor> trimmed = new ArrayList<>();
    Tensor elected = zeros_like(base);
    for (int i = 0; i < parents.size(); i++) {
      Tensor taskVector = trim(parents.get(i).sub(base));
      trimmed.add(taskVector);
      elected.add_(taskVector, new Scalar(weights.get(i)));
    }
    elected.sign_();
    Tensor numerator = zeros_like(base);
    Tensor denominator = zeros_like(base);
    for (int i = 0; i < trimmed.size(); i++) {
      // 1 where the entry's sign is the elected one. Trimmed entries (0) never agree with a nonzero sign; where the
      // elected sign is 0 they add weight but no value, and the mean there is 0 either way.
      Tensor agrees = trimmed.get(i).sign().eq_(elected);
      numerator.addcmul_(trimmed.get(i), agrees, new Scalar(weights.get(i)));
      denominator.add_(agrees, new Scalar(weights.get(i)));
    }
    Tensor mean = numerator.div_(denominator.clamp_min_(new Scalar(NO_AGREEMENT)));
    return base.add(mean, new Scalar(scale));
  }

  /** Keeps the entries whose magnitude is at least the k-th largest, k = ⌈density · n⌉; zeroes the rest in place. */
  private Tensor trim(Tensor taskVector) {
    long numel = taskVector.numel();
    long keep = Math.max(1, (long) Math.ceil(density * numel));
    if (keep >= numel) {
      return taskVector;
    }
    float threshold = kthLargestMagnitude(
        Tensors.hostBytes(taskVector).order(ByteOrder.nativeOrder()).asFloatBuffer(), keep);
    return taskVector.masked_fill_(taskVector.abs().lt(new Scalar(threshold)), new Scalar(0.0));
  }

  /**
   * The k-th largest |x| of {@code values}, exactly, by a two-pass radix select on the bits of |x| (non-negative
   * floats order as their bit patterns do): the top 16 bits pick a bucket, the low 16 bits the value within it. Two
   * linear passes; libtorch's kthvalue (a copy and a quickselect) took most of a TIES merge's time.
   */
  static float kthLargestMagnitude(FloatBuffer values, long k) {
    long[] counts = new long[1 << 16];
    int n = values.limit();
    for (int i = 0; i < n; i++) {
      counts[magnitudeBits(values.get(i)) >>> 16]++;
    }
    int high = counts.length - 1;
    long remaining = k;
    while (counts[high] < remaining) {
      remaining -= counts[high];
      high--;
    }
    Arrays.fill(counts, 0);
    for (int i = 0; i < n; i++) {
      int bits = magnitudeBits(values.get(i));
      if (bits >>> 16 == high) {
        counts[bits & 0xffff]++;
      }
    }
    int low = counts.length - 1;
    while (counts[low] < remaining) {
      remaining -= counts[low];
      low--;
    }
    return Float.intBitsToFloat(high << 16 | low);
  }

  private static int magnitudeBits(float value) {
    return Float.floatToRawIntBits(value) & 0x7fffffff;
  }
}
