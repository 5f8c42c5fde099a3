package dev.pedigree.workers.engine.merge;

import java.util.List;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch.ScalarType;

/**
 * Spherical linear interpolation of two parents at {@code t}, per tensor: the angle Ω between the two tensors (as
 * flat vectors, computed in double) sets the coefficients {@code sin((1−t)Ω)/sin Ω} and {@code sin(tΩ)/sin Ω} of the
 * unnormalized tensors. Nearly parallel tensors (|cos Ω| above {@value #PARALLEL_COSINE}) and zero tensors are
 * interpolated linearly, where the spherical formula is numerically unstable and almost the same.
 */
public record SlerpMerge(double t) implements TensorMerge {
  static final double PARALLEL_COSINE = 0.9995;

  @Override
  public Tensor merge(String name, Tensor base, List<Tensor> parents) {
    if (parents.size() != 2) {
      throw new IllegalArgumentException("slerp merges exactly 2 parents, got " + parents.size());
    }
    Tensor a = parents.get(0);
    Tensor b = parents.get(1);
    Tensor a64 = a.flatten().to(ScalarType.Double);
    Tensor b64 = b.flatten().to(ScalarType.Double);
    double norms = a64.norm().item_double() * b64.norm().item_double();
    double cosine = norms == 0 ? 1 : a64.dot(b64).item_double() / norms;
    double first = 1 - t;
    double second = t;
    if (Math.abs(cosine) <= PARALLEL_COSINE) {
      double omega = Math.acos(cosine);
      first = Math.sin((1 - t) * omega) / Math.sin(omega);
      second = Math.sin(t * omega) / Math.sin(omega);
    }
    return a.mul(new Scalar(first)).add_(b, new Scalar(second));
  }
}
