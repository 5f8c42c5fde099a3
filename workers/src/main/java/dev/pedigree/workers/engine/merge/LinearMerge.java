package dev.pedigree.workers.engine.merge;

import static org.bytedeco.pytorch.global.torch.zeros_like;

import java.util.List;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;

/** The weighted average {@code Σ w_i θ_i / Σ w_i}. */
public record LinearMerge(List<Double> weights) implements TensorMerge {
  public LinearMerge {
    weights = List.copyOf(weights);
  }

  @Override
  public Tensor merge(String name, Tensor base, List<Tensor> parents) {
    double total = weights.stream().mapToDouble(Double::doubleValue).sum();
    Tensor merged = zeros_like(parents.get(0));
    for (int i = 0; i < parents.size(); i++) {
      merged.add_(parents.get(i), new Scalar(weights.get(i) / total));
    }
    return merged;
  }
}
