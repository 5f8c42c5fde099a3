package dev.pedigree.workers.engine.merge;

import static org.bytedeco.pytorch.global.torch.empty_like;

import dev.pedigree.workers.engine.torch.Tensors;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.List;
import org.bytedeco.pytorch.Tensor;

/**
 * TIES-merging (Yadav et al. 2023): trim each task vector to its {@code density} share of largest magnitudes, elect a
 * sign per entry as the sign of the (w-weighted) sum of the trimmed vectors, and add to the base {@code scale} times
 * the w-weighted mean of the trimmed entries that agree with it; an entry with no agreeing parent stays the base's.
 * Weights must be positive.
 *
 * <p>Two passes over the task vectors find each parent's trim threshold, one more does the rest.
 */
public record TiesMerge(List<Double> weights, double density, double scale) implements TensorMerge {
  public TiesMerge {
    weights = List.copyOf(weights);
  }

  @Override
  public Tensor merge(String name, Tensor base, List<Tensor> parents) {
    FloatBuffer baseValues = floats(base);
    FloatBuffer[] parentValues = parents.stream().map(TiesMerge::floats).toArray(FloatBuffer[]::new);
    int size = baseValues.limit();
    long keep = Math.max(1, (long) Math.ceil(density * size));
    // A threshold of 0 trims nothing.
    float[] thresholds =
        keep >= size ? new float[parents.size()] : TrimThresholds.of(baseValues, List.of(parentValues), keep);
    float[] parentWeights = new float[parents.size()];
    for (int p = 0; p < parentWeights.length; p++) {
      parentWeights[p] = weights.get(p).floatValue();
    }
    Tensor merged = empty_like(base);
    FloatBuffer mergedValues = floats(merged);
    ElementRanges ranges = ElementRanges.of(size);
    ranges.forEach(range -> new TiesKernel(parentWeights, thresholds, (float) scale)
        .merge(baseValues, parentValues, mergedValues, ranges.start(range), ranges.end(range)));
    return merged;
  }

  /** The k-th largest |x| of {@code values}: the trim threshold of one task vector over a zero base. */
  static float kthLargestMagnitude(FloatBuffer values, long k) {
    return TrimThresholds.of(FloatBuffer.allocate(values.limit()), List.of(values), k)[0];
  }

  private static FloatBuffer floats(Tensor tensor) {
    return Tensors.hostBytes(tensor).order(ByteOrder.nativeOrder()).asFloatBuffer();
  }
}
