package dev.pedigree.workers.engine.rl;

import static org.bytedeco.pytorch.global.torch.exp;
import static org.bytedeco.pytorch.global.torch.minimum;

import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.ScalarOptional;
import org.bytedeco.pytorch.ScalarTypeOptional;
import org.bytedeco.pytorch.Tensor;

/** The terms of GRPO's and GTPO's per-token objective, on {@code (rows, tokens)} tensors. */
public final class PolicyLoss {
  private PolicyLoss() {}

  /**
   * The negated PPO-clip surrogate {@code -min(ρA, clip(ρ, 1-ε, 1+ε)A)} with {@code ρ = exp(logp - oldLogp)}.
   *
   * @param advantages {@code (rows, 1)}, broadcast over a row's tokens
   */
  public static Tensor clippedSurrogate(Tensor logProbs, Tensor oldLogProbs, Tensor advantages, double clipEpsilon) {
    Tensor ratio = exp(logProbs.sub(oldLogProbs));
    Tensor clipped = ratio.clamp(new ScalarOptional(new Scalar(1 - clipEpsilon)),
        new ScalarOptional(new Scalar(1 + clipEpsilon)));
    return minimum(ratio.mul(advantages), clipped.mul(advantages)).neg();
  }

  /** The k3 estimator of KL(π‖π_ref) per token, {@code exp(d) - d - 1} with {@code d = refLogp - logp}: unbiased, ≥ 0. */
  public static Tensor k3(Tensor logProbs, Tensor referenceLogProbs) {
    Tensor d = referenceLogProbs.sub(logProbs);
    return exp(d).sub(d).sub(new Scalar(1.0));
  }

  /**
   * GRPO's aggregation: each row's weighted token sum divided by its length (the mask's sum), averaged over
   * {@code rows} counted rows (rows with all-zero weights, e.g. dropped completions, are not counted by the caller).
   */
  public static Tensor aggregate(Tensor perToken, Tensor weights, Tensor mask, int rows) {
    Tensor lengths = mask.sum(new long[] {1}, false, new ScalarTypeOptional()).clamp_min(
        new Scalar(1.0));
    return perToken.mul(weights).mul(mask).sum(new long[] {1}, false, new ScalarTypeOptional())
        .div(lengths).sum().div(new Scalar(Math.max(rows, 1)));
  }
}
