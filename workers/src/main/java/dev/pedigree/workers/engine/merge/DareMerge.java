package dev.pedigree.workers.engine.merge;

import static org.bytedeco.pytorch.global.torch.make_generator_cpu;
import static org.bytedeco.pytorch.global.torch.rand;

import dev.pedigree.workers.engine.data.SplitMix64;
import dev.pedigree.workers.engine.torch.Tensors;
import java.util.List;
import org.bytedeco.pytorch.GeneratorOptional;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;

/**
 * DARE (Yu et al. 2024): each entry of each task vector is kept with probability {@code density} and rescaled by
 * {@code 1/density} (so its expectation is unchanged), then task arithmetic with {@code scale · w_i}. The drop mask of
 * a parent's tensor is drawn from a generator seeded by the seed, the parent's position and the tensor's name alone,
 * so a merge is the same whatever order or process computes it.
 */
public record DareMerge(List<Double> weights, double density, double scale, long seed) implements TensorMerge {
  public DareMerge {
    weights = List.copyOf(weights);
  }

  @Override
  public Tensor merge(String name, Tensor base, List<Tensor> parents) {
    Tensor merged = base.clone();
    for (int i = 0; i < parents.size(); i++) {
      Tensor taskVector = parents.get(i).sub(base);
      Tensor keep = rand(base.sizes().vec().get(), new GeneratorOptional(make_generator_cpu(maskSeed(name, i))),
          Tensors.options(base.scalar_type(), base.device())).lt(new Scalar(density));
      Tensor rescaled = taskVector.where(keep, new Scalar(0.0)).div(new Scalar(density));
      merged.add_(rescaled, new Scalar(scale * weights.get(i)));
    }
    return merged;
  }

  private long maskSeed(String tensor, int parent) {
    return SplitMix64.forStream(SplitMix64.forStream(seed, parent).nextLong(), tensor.hashCode()).nextLong();
  }
}
