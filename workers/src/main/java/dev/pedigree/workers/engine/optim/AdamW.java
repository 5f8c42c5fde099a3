package dev.pedigree.workers.engine.optim;

import static org.bytedeco.pytorch.global.torch.zeros_like;

import dev.pedigree.workers.engine.model.Parameters;
import java.util.Map;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;

/**
 * AdamW (Loshchilov &amp; Hutter) with decoupled weight decay and bias correction, as PyTorch computes it, applied to
 * the flat parameter and gradient buffers of {@link Parameters}: a handful of large tensor operations per step.
 * Weight decay applies to the decayed leading slice only.
 */
public final class AdamW {
  public static final double BETA1 = 0.9;
  public static final double BETA2 = 0.95;
  public static final double EPSILON = 1e-8;

  private final Parameters parameters;
  private final double weightDecay;
  private final Tensor firstMoment;
  private final Tensor secondMoment;
  private long steps;

  public AdamW(Parameters parameters, double weightDecay) {
    this.parameters = parameters;
    this.weightDecay = weightDecay;
    this.firstMoment = zeros_like(parameters.values());
    this.secondMoment = zeros_like(parameters.values());
  }

  public void step(double learningRate) {
    steps++;
    double biasCorrection1 = 1 - Math.pow(BETA1, steps);
    double biasCorrection2 = 1 - Math.pow(BETA2, steps);
    try (PointerScope scope = new PointerScope(); NoGradGuard noGrad = new NoGradGuard()) {
      Tensor values = parameters.values();
      Tensor grads = parameters.grads();
      if (weightDecay != 0) {
        parameters.decayedSlice(values).mul_(new Scalar(1 - learningRate * weightDecay));
      }
      firstMoment.lerp_(grads, new Scalar(1 - BETA1));
      secondMoment.mul_(new Scalar(BETA2)).addcmul_(grads, grads, new Scalar(1 - BETA2));
      Tensor denominator = secondMoment.sqrt().div_(new Scalar(Math.sqrt(biasCorrection2))).add_(new Scalar(EPSILON));
      values.addcdiv_(firstMoment, denominator, new Scalar(-learningRate / biasCorrection1));
    }
  }

  /** Optimizer steps taken, which sets the bias correction. */
  public long steps() {
    return steps;
  }

  /** First moments by parameter name, as views that read and write the optimizer state. */
  public Map<String, Tensor> firstMoments() {
    return parameters.viewsOf(firstMoment);
  }

  public Map<String, Tensor> secondMoments() {
    return parameters.viewsOf(secondMoment);
  }

  /** Sets the step count of a restored state; the moments are restored through {@link #firstMoments()} and co. */
  public void restoreSteps(long steps) {
    this.steps = steps;
  }
}
