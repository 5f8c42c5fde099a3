package dev.pedigree.workers.engine.preference;

import static org.bytedeco.pytorch.global.torch.exp;
import static org.bytedeco.pytorch.global.torch.log_sigmoid;

import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.ScalarTypeOptional;
import org.bytedeco.pytorch.Tensor;

/**
 * The DPO family's per-pair losses (METHODS.md §2.2), on per-pair sums or {@code (pairs, tokens)} per-token tensors.
 * A log-ratio is {@code log π_θ(y_t|·) - log π_ref(y_t|·)}; sequence quantities sum a completion's tokens.
 */
public final class PreferenceLoss {
  private PreferenceLoss() {}

  /** Sums each row's real tokens: {@code (rows, tokens)} → {@code (rows)}. */
  public static Tensor sequenceSum(Tensor perToken, Tensor mask) {
    return perToken.mul(mask).sum(new long[] {1}, false, new ScalarTypeOptional());
  }

  /** {@code KL(π_ref(·|x,y<t) ‖ π_θ(·|x,y<t))} per token from {@code (rows, tokens, vocab)} log-distributions. */
  public static Tensor tokenKl(Tensor referenceLogDistributions, Tensor logDistributions) {
    return exp(referenceLogDistributions).mul(referenceLogDistributions.sub(logDistributions))
        .sum(new long[] {2}, false, new ScalarTypeOptional());
  }

  /** The mean negative log-likelihood per real token of {@code (rows, tokens)} token log-probabilities. */
  public static Tensor tokenMeanNll(Tensor tokenLogProbs, Tensor mask) {
    return tokenLogProbs.mul(mask).sum().div(mask.sum()).neg();
  }

  /** DPO: {@code -log σ(β (r_w - r_l))} with {@code r} a completion's summed log-ratio. */
  public static Tensor dpo(Tensor chosenLogRatio, Tensor rejectedLogRatio, double beta) {
    return log_sigmoid(chosenLogRatio.sub(rejectedLogRatio).mul(new Scalar(beta))).neg();
  }

  /**
   * TDPO2: {@code -log σ(β [(r_w - r_l) - α (D_l - sg(D_w))])} with {@code D} a completion's summed token KL from the
   * reference ({@link #tokenKl}); the chosen completion's KL is not differentiated.
   */
  public static Tensor tdpo(
      Tensor chosenLogRatio, Tensor rejectedLogRatio, Tensor chosenKl, Tensor rejectedKl, double beta, double alpha) {
    Tensor klGap = rejectedKl.sub(chosenKl.detach()).mul(new Scalar(alpha));
    return log_sigmoid(chosenLogRatio.sub(rejectedLogRatio).sub(klGap).mul(new Scalar(beta))).neg();
  }

  /**
   * TGDPO: {@code -log σ(Σ_t β(1 + αβ ĝ^w_t) lr^w_t - Σ_t β(1 - αβ ĝ^l_t) lr^l_t)}, where {@code lr} are token
   * log-ratios {@code (pairs, tokens)} and {@code ĝ} the guide's token rewards {@code log π_guide - log π_ref}, constants.
   */
  public static Tensor tgdpo(Tensor chosenTokenLogRatios, Tensor chosenMask, Tensor chosenGuideRewards,
      Tensor rejectedTokenLogRatios, Tensor rejectedMask, Tensor rejectedGuideRewards, double beta, double alpha) {
    Scalar scale = new Scalar(alpha * beta);
    Tensor chosenWeights = chosenGuideRewards.detach().mul(scale).add(new Scalar(1.0)).mul(new Scalar(beta));
    Tensor rejectedWeights = rejectedGuideRewards.detach().mul(scale).neg().add(new Scalar(1.0)).mul(new Scalar(beta));
    Tensor chosen = sequenceSum(chosenTokenLogRatios.mul(chosenWeights), chosenMask);
    Tensor rejected = sequenceSum(rejectedTokenLogRatios.mul(rejectedWeights), rejectedMask);
    return log_sigmoid(chosen.sub(rejected)).neg();
  }
}
