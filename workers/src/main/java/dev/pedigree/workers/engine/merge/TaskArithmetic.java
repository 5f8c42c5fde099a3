package dev.pedigree.workers.engine.merge;

import java.util.List;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;

/** {@code θ0 + Σ c_i τ_i}, {@code τ_i = θ_i − θ0}, with a coefficient per parent that may differ per tensor. */
public record TaskArithmetic(Coefficients coefficients) implements TensorMerge {
  /** The coefficient of parent {@code parent}'s task vector in tensor {@code tensor}. */
  @FunctionalInterface
  public interface Coefficients {
    double of(String tensor, int parent);
  }

  /** Task arithmetic proper: {@code c_i = scale · w_i} in every tensor. */
  public static TaskArithmetic of(double scale, List<Double> weights) {
    List<Double> copied = List.copyOf(weights);
    return new TaskArithmetic((tensor, parent) -> scale * copied.get(parent));
  }

  @Override
  public Tensor merge(String name, Tensor base, List<Tensor> parents) {
    Tensor merged = base.clone();
    for (int i = 0; i < parents.size(); i++) {
      merged.add_(parents.get(i).sub(base), new Scalar(coefficients.of(name, i)));
    }
    return merged;
  }
}
