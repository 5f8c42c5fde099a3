package dev.pedigree.workers.engine.sampling;

import static org.bytedeco.pytorch.global.torch.softmax;
import static org.bytedeco.pytorch.global.torch.stack;

import java.util.List;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.ScalarTypeOptional;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.global.torch.ScalarType;

/**
 * How an output-space ensemble combines its members' next-token distributions. Each member's distribution is first cut
 * to its {@code topK} most likely tokens and renormalised (CoRE's code does this for both of its arms), then:
 *
 * <ul>
 *   <li>{@link Mode#UNIFORM}: the mean of the members' distributions (probability averaging).
 *   <li>{@link Mode#CORE} (Zeng et al., "Harnessing Consistency for Robust Test-Time LLM Ensemble"): with p* the mean
 *       distribution and δ_k = |p_k − p*| per token, token consistency s_k = (e^{−β δ_k} − e^{−β}) / (1 − e^{−β}) (the
 *       paper's RBF low-pass filter: 1 where member k agrees with the mean, 0 at the largest possible disagreement);
 *       model consistency m_k = Σ_v s_k(v) / H(p_k) (agreement over self-entropy), normalised to weights w_k; the
 *       combined score is Σ_k w_k s_k ⊙ p_k.
 * </ul>
 *
 * Where the paper left it open or is asymmetric, we chose: its members are a main model and assistants (only the
 * assistants are filtered, and the main model's weight is clamped to at least the others' sum); here all members are
 * peers, all filtered, none clamped. Σ_v runs over the tokens some member keeps in its top-K (the paper masks tokens
 * neither the member nor the main model keeps). Its code rescales each member's filter to mean 1 over those tokens
 * before weighting, which cancels the Σ_v s_k in m_k; we follow the paper's formula instead.
 *
 * @param topK tokens kept per member before combining; CoRE's code uses 10
 * @param beta the RBF filter's sharpness; CoRE's code uses 2
 */
public record EnsembleWeighting(Mode mode, int topK, double beta) {
  public static final int DEFAULT_TOP_K = 10;
  public static final double DEFAULT_BETA = 2.0;
  /** Keeps a member with a one-hot distribution (entropy 0) finite, as CoRE's code does. */
  private static final double ENTROPY_FLOOR = 1e-12;

  public enum Mode {
    UNIFORM,
    CORE
  }

  /**
   * The combined scores {@code (rows, vocab)}, whose argmax is the ensemble's token, and each member's weight per row
   * {@code (rows, members)}.
   */
  public record Combined(Tensor scores, Tensor memberWeights) {}

  public EnsembleWeighting {
    if (topK < 1) {
      throw new IllegalArgumentException("topK must be at least 1, was " + topK);
    }
    if (!(beta > 0) || Double.isInfinite(beta)) {
      throw new IllegalArgumentException("beta must be finite and > 0, was " + beta);
    }
  }

  public static EnsembleWeighting uniform() {
    return new EnsembleWeighting(Mode.UNIFORM, DEFAULT_TOP_K, DEFAULT_BETA);
  }

  public static EnsembleWeighting core() {
    return new EnsembleWeighting(Mode.CORE, DEFAULT_TOP_K, DEFAULT_BETA);
  }

  /** @param logits each member's next-token logits {@code (rows, vocab)}, all of one vocabulary */
  public Combined combine(List<Tensor> logits) {
    Tensor probabilities = stack(new TensorVector(logits.stream().map(this::truncated).toArray(Tensor[]::new)), 0);
    long members = probabilities.size(0);
    Tensor mean = probabilities.sum(new long[] {0}, true, new ScalarTypeOptional()).div(new Scalar(members));
    if (mode == Mode.UNIFORM) {
      Tensor weights = probabilities.new_full(new long[] {probabilities.size(1), members}, new Scalar(1.0 / members));
      return new Combined(mean.squeeze(0), weights);
    }
    Tensor kept = mean.gt(new Scalar(0)).to(ScalarType.Double);
    double floor = Math.exp(-beta);
    Tensor consistency = probabilities.sub(mean).abs().mul(new Scalar(-beta)).exp()
        .sub(new Scalar(floor)).div(new Scalar(1 - floor)).mul(kept);
    Tensor entropy = probabilities.xlogy(probabilities).sum(new long[] {-1}, false, new ScalarTypeOptional()).neg();
    Tensor modelScores = consistency.sum(new long[] {-1}, false, new ScalarTypeOptional())
        .div(entropy.add(new Scalar(ENTROPY_FLOOR)));
    Tensor weights = modelScores.div(modelScores.sum(new long[] {0}, true, new ScalarTypeOptional()));
    Tensor scores = consistency.mul(probabilities).mul(weights.unsqueeze(-1))
        .sum(new long[] {0}, false, new ScalarTypeOptional());
    return new Combined(scores, weights.t().contiguous());
  }

  /** The member's distribution over its {@code topK} most likely tokens, fp64, 0 elsewhere. */
  private Tensor truncated(Tensor logits) {
    return softmax(TokenChoice.topK(logits.to(ScalarType.Double), topK), -1);
  }
}
