package dev.pedigree.workers.engine.merge;

import static org.bytedeco.pytorch.global.torch.zeros_like;

import java.util.ArrayList;
import java.util.List;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;

/** TIES in libtorch tensor ops, as {@link TiesMerge} was first written: the reference its bits must match. */
record LibtorchTiesMerge(List<Double> weights, double density, double scale) implements TensorMerge {
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
      Tensor agrees = trimmed.get(i).sign().eq_(elected);
      numerator.addcmul_(trimmed.get(i), agrees, new Scalar(weights.get(i)));
      denominator.add_(agrees, new Scalar(weights.get(i)));
    }
    Tensor mean = numerator.div_(denominator.clamp_min_(new Scalar(1e-30)));
    return base.add(mean, new Scalar(scale));
  }

  private Tensor trim(Tensor taskVector) {
    long numel = taskVector.numel();
    long keep = Math.max(1, (long) Math.ceil(density * numel));
    if (keep >= numel) {
      return taskVector;
    }
    Tensor threshold = taskVector.abs().flatten().kthvalue(numel - keep + 1).get0();
    return taskVector.masked_fill_(taskVector.abs().lt(threshold), new Scalar(0.0));
  }
}
