package dev.pedigree.workers.engine.sampling;

import static org.bytedeco.pytorch.global.torch.log_softmax;

import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch.ScalarType;

/**
 * How context-aware decoding weighs the next-token distribution with the context against the one without it:
 * scores {@code log p(·|ctx,x) + α (log p(·|ctx,x) − log p(·|x))}, the greedy token their argmax. Log-probabilities
 * differ from logits by a constant per row, so the argmax is that of CAD's {@code (1+α) z_ctx − α z_noctx}.
 *
 * @param mode {@link Mode#GREEDY} (α = 0: the context alone), {@link Mode#CAD} (a fixed α) or {@link Mode#ADACAD}
 *     (α per row and token: the Jensen-Shannon divergence of the two distributions, natural log, in [0, ln 2], not
 *     normalised, as AdaCAD's code computes it)
 * @param alpha CAD's fixed weight; ignored by the other modes
 */
public record ContextContrast(Mode mode, double alpha) {
  /** CAD's weight in the AdaCAD paper's static baseline. */
  public static final double CAD_ALPHA = 1.0;

  public enum Mode {
    GREEDY,
    CAD,
    ADACAD
  }

  /** The contrast's scores {@code (rows, vocab)} and the weight α each row used {@code (rows)}. */
  public record Weighted(Tensor scores, Tensor alpha) {}

  public ContextContrast {
    if (!(alpha >= 0) || Double.isInfinite(alpha)) {
      throw new IllegalArgumentException("alpha must be finite and >= 0, was " + alpha);
    }
  }

  public static ContextContrast greedy() {
    return new ContextContrast(Mode.GREEDY, 0);
  }

  public static ContextContrast cad(double alpha) {
    return new ContextContrast(Mode.CAD, alpha);
  }

  public static ContextContrast adaCad() {
    return new ContextContrast(Mode.ADACAD, 0);
  }

  /** @param withContext logits {@code (rows, vocab)} given context and prompt; withoutContext given the prompt alone */
  public Weighted weigh(Tensor withContext, Tensor withoutContext) {
    Tensor contextual = log_softmax(withContext.to(ScalarType.Double), -1);
    Tensor parametric = log_softmax(withoutContext.to(ScalarType.Double), -1);
    Tensor weight = switch (mode) {
      case GREEDY -> contextual.new_zeros(new long[] {contextual.size(0)});
      case CAD -> contextual.new_full(new long[] {contextual.size(0)}, new Scalar(alpha));
      case ADACAD -> jensenShannon(contextual, parametric);
    };
    Tensor scores = contextual.add(contextual.sub(parametric).mul(weight.unsqueeze(1)));
    return new Weighted(scores, weight);
  }

  /**
   * JSD per row, natural log, of two rows of log-probabilities {@code (rows, vocab)}; tokens a distribution gives
   * probability 0 add nothing to its half (rather than 0 · −∞).
   */
  static Tensor jensenShannon(Tensor logP, Tensor logQ) {
    Tensor p = logP.exp();
    Tensor q = logQ.exp();
    Tensor logMixture = p.add(q).log().sub(new Scalar(Math.log(2)));
    Tensor fromP = p.mul(logP.sub(logMixture)).masked_fill(p.eq(new Scalar(0)), new Scalar(0));
    Tensor fromQ = q.mul(logQ.sub(logMixture)).masked_fill(q.eq(new Scalar(0)), new Scalar(0));
    return fromP.add(fromQ).sum(-1).mul(new Scalar(0.5)).clamp_min(new Scalar(0));
  }
}
