package dev.pedigree.workers.engine.optim;

import dev.pedigree.workers.engine.TrainingDivergedException;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Tensor;

/**
 * The end of every training step: clip the gradients, read the loss and the gradient norm back, and take the
 * optimizer step only when both are finite. A diverged step thus never reaches the weights, the optimizer's moments or
 * a checkpoint, and the run's last checkpoint stays a good place to go back to (Megatron checks for NaN in the loss
 * and the gradients the same way).
 */
public final class GuardedUpdate {
  private GuardedUpdate() {}

  /**
   * @param loss the value read back from the step's loss tensor
   * @param gradNorm the global L2 norm of the gradients before clipping
   */
  public record Result(double loss, double gradNorm) {}

  /**
   * @param loss the step's loss (any scalar tensor the caller reports; read back here, once)
   * @param flatGrads the gradients the optimizer is about to apply, clipped in place to {@code maxNorm} (0: no clipping)
   * @param step the 1-based number of the step being taken, for the error
   * @throws TrainingDivergedException when the loss or the gradient norm is NaN or infinite; nothing was updated
   */
  public static Result apply(Tensor loss, Tensor flatGrads, double maxNorm, Optimizer optimizer, double learningRate,
      long step) {
    try (PointerScope scope = new PointerScope()) {
      double lossValue = loss.item_double();
      double gradNorm = GradientClipping.clipGlobalNorm(flatGrads, maxNorm).item_double();
      if (!Double.isFinite(lossValue) || !Double.isFinite(gradNorm)) {
        throw new TrainingDivergedException(step, lossValue, gradNorm);
      }
      optimizer.step(learningRate);
      return new Result(lossValue, gradNorm);
    }
  }
}
