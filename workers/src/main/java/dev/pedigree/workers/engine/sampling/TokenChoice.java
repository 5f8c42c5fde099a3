package dev.pedigree.workers.engine.sampling;

import static org.bytedeco.pytorch.global.torch.argmax;
import static org.bytedeco.pytorch.global.torch.cumsum;
import static org.bytedeco.pytorch.global.torch.softmax;

import org.bytedeco.pytorch.LongOptional;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.ScalarTypeOptional;
import org.bytedeco.pytorch.T_TensorTensor_T;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch.ScalarType;

/**
 * Picks one token per row from next-token logits: argmax, or inverse-CDF sampling of the tempered distribution after
 * top-k and top-p truncation. Inverse-CDF with one uniform per row (rather than {@code multinomial}) keeps the number of
 * random draws fixed, which is what makes {@link SamplingRandom}'s state a counter.
 */
final class TokenChoice {
  private TokenChoice() {}

  /** Token ids {@code (batch)} int64 for {@code logits} {@code (batch, vocab)}. */
  static Tensor choose(Tensor logits, SamplingOptions options, SamplingRandom random) {
    if (options.greedy()) {
      return argmax(logits.to(ScalarType.Float), new LongOptional(-1), false);
    }
    return sample(truncated(logits, options), random);
  }

  /**
   * The scores {@code (batch, vocab)} fp32 that a sampled token is drawn from (their softmax): {@code logits} over the
   * temperature, with the tokens top-k and top-p cut at −∞.
   */
  static Tensor truncated(Tensor logits, SamplingOptions options) {
    if (options.greedy()) {
      throw new IllegalArgumentException("greedy options sample nothing");
    }
    Tensor scores = logits.to(ScalarType.Float).div(new Scalar(options.temperature()));
    if (options.topK() > 0) {
      scores = topK(scores, options.topK());
    }
    if (options.topP() < 1) {
      scores = belowThresholdRemoved(scores, nucleusThreshold(scores, options.topP()));
    }
    return scores;
  }

  /** One token id per row {@code (batch)} int64 drawn from softmax({@code scores}), one draw of {@code random}. */
  static Tensor sample(Tensor scores, SamplingRandom random) {
    long vocab = scores.size(1);
    Tensor cumulative = cumsum(softmax(scores, -1), 1);
    Tensor total = cumulative.narrow(1, vocab - 1, 1);
    Tensor target = random.uniform(scores.size(0)).to(scores.device(), ScalarType.Float).unsqueeze(1).mul(total);
    return cumulative.lt(target).sum(1).clamp_max_(new Scalar(vocab - 1));
  }

  /** {@code scores} {@code (batch, vocab)} with every token below its row's {@code k}-th best at −∞ (ties kept). */
  static Tensor topK(Tensor scores, int k) {
    if (k >= scores.size(1)) {
      return scores;
    }
    return belowThresholdRemoved(scores, scores.topk(k).get0().narrow(1, k - 1, 1));
  }

  /** The score of the least likely token in each row's nucleus, {@code (batch, 1)}. */
  private static Tensor nucleusThreshold(Tensor scores, double topP) {
    T_TensorTensor_T sorted = scores.sort(-1, true);
    Tensor probabilities = softmax(sorted.get0(), -1);
    Tensor before = cumsum(probabilities, 1).sub(probabilities);
    Tensor kept = before.lt(new Scalar(topP)).sum(new long[] {1}, true, new ScalarTypeOptional());
    return sorted.get0().gather(1, kept.sub(new Scalar(1)));
  }

  private static Tensor belowThresholdRemoved(Tensor scores, Tensor threshold) {
    return scores.masked_fill(scores.lt(threshold), new Scalar(Double.NEGATIVE_INFINITY));
  }
}
