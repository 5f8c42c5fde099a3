package dev.pedigree.workers.engine.merge;

import static org.bytedeco.pytorch.global.torch.zeros_like;

import java.util.ArrayList;
import java.util.List;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;

/**
 * TIES-merging (Yadav et al. 2023): trim each task vector to its {@code density} share of largest magnitudes, elect a
 * sign per entry as the sign of the (w-weighted) sum of the trimmed vectors, and add to the base {@code scale} times
 * the w-weighted mean of the trimmed entries that agree with it; an entry with no agreeing parent stays the base's.
 */
public record TiesMerge(List<Double> weights, double density, double scale) implements TensorMerge {
  public TiesMerge {
    weights = List.copyOf(weights);
  }

  @Override
  public Tensor merge(String name, Tensor base, List<Tensor> parents) {
    List<Tensor> trimmed = new ArrayList<>();
    Tensor weightedSum = zeros_like(base);
    for (int i = 0; i < parents.size(); i++) {
      Tensor taskVector = trim(parents.get(i).sub(base));
      trimmed.add(taskVector);
      weightedSum.add_(taskVector, new Scalar(weights.get(i)));
    }
    Tensor elected = weightedSum.sign();
    Tensor numerator = zeros_like(base);
    Tensor denominator = zeros_like(base);
    for (int i = 0; i < trimmed.size(); i++) {
      Tensor taskVector = trimmed.get(i);
      Tensor agrees = taskVector.sign().eq(elected).logical_and(taskVector.ne(new Scalar(0)));
      Tensor agreeing = taskVector.where(agrees, new Scalar(0.0));
      numerator.add_(agreeing, new Scalar(weights.get(i)));
      denominator.add_(agrees.to(base.scalar_type()), new Scalar(weights.get(i)));
    }
    Tensor mean = numerator.div(denominator).where(denominator.ne(new Scalar(0)), new Scalar(0.0));
    return base.add(mean, new Scalar(scale));
  }

  /** Keeps the entries whose magnitude is at least the k-th largest, k = ⌈density · n⌉; zeroes the rest. */
  private Tensor trim(Tensor taskVector) {
    long numel = taskVector.numel();
    long keep = Math.max(1, (long) Math.ceil(density * numel));
    if (keep >= numel) {
      return taskVector;
    }
    Tensor magnitude = taskVector.abs();
    Tensor threshold = magnitude.flatten().kthvalue(numel - keep + 1).get0();
    return taskVector.where(magnitude.ge(threshold), new Scalar(0.0));
  }
}
