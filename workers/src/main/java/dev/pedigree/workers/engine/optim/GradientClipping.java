package dev.pedigree.workers.engine.optim;

import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;

/** Scales gradients so their global L2 norm is at most a bound, as {@code torch.nn.utils.clip_grad_norm_} does. */
public final class GradientClipping {
  private GradientClipping() {}

  /**
   * Clips the flat gradient buffer in place; a bound of 0 disables clipping. Stays on the device (no host sync).
   *
   * @return the global norm before clipping, a scalar tensor owned by the caller's scope
   */
  public static Tensor clipGlobalNorm(Tensor flatGrads, double maxNorm) {
    try (NoGradGuard noGrad = new NoGradGuard()) {
      Tensor norm = flatGrads.norm();
      if (maxNorm > 0) {
        try (PointerScope scope = new PointerScope()) {
          Tensor scale = norm.add(new Scalar(1e-6)).reciprocal_().mul_(new Scalar(maxNorm));
          flatGrads.mul_(scale.clamp_max_(new Scalar(1.0)));
        }
      }
      return norm;
    }
  }
}
