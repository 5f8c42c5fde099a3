package dev.pedigree.workers.engine.sampling;

import java.util.Set;

/**
 * When and how {@link CautiousDecoder} branches (Cautious Next Token Prediction). At each step the entropy H (nats) of
 * the sampling distribution sets the number of trials by the CNTP paper's schedule,
 * {@code n = 1 + ⌊(maxTrials − 1) · clamp((H − entropyLow) / (entropyHigh − entropyLow), 0, 1)⌋}: every trial from
 * {@code entropyHigh} up, one at or below {@code entropyLow} (with {@code entropyLow == entropyHigh}, a step function).
 * One trial is an ordinary step. With {@code n > 1} the decoder samples {@code n} trials from that step, each until it
 * emits a segment end or the stop token or reaches the token budget, and keeps the one of lowest perplexity.
 *
 * @param segmentEnds tokens that end a trial (the paper's punctuation); each trial includes its end
 * @param greedyBetweenTrials an ordinary step takes the argmax; otherwise it samples, as the paper does
 */
public record CautiousOptions(
    double entropyLow, double entropyHigh, int maxTrials, Set<Integer> segmentEnds, boolean greedyBetweenTrials) {
  /** The paper's thresholds (its code's defaults): no trials up to 0.01 nats, every trial from 1.5 nats. */
  public static final double PAPER_ENTROPY_LOW = 0.01;
  public static final double PAPER_ENTROPY_HIGH = 1.5;

  public CautiousOptions {
    if (!(entropyLow >= 0 && entropyLow <= entropyHigh) || Double.isInfinite(entropyHigh)) {
      throw new IllegalArgumentException("need finite thresholds 0 <= entropyLow <= entropyHigh, were " + entropyLow
          + " and " + entropyHigh);
    }
    if (maxTrials < 1) {
      throw new IllegalArgumentException("maxTrials must be at least 1, was " + maxTrials);
    }
    segmentEnds = Set.copyOf(segmentEnds);
  }

  /** CNTP with the paper's thresholds. */
  public static CautiousOptions cntp(int maxTrials, Set<Integer> segmentEnds, boolean greedyBetweenTrials) {
    return new CautiousOptions(PAPER_ENTROPY_LOW, PAPER_ENTROPY_HIGH, maxTrials, segmentEnds, greedyBetweenTrials);
  }

  /** {@code n} whole completions sampled from the first step on, the one of lowest perplexity kept. */
  public static CautiousOptions bestOfN(int n) {
    return new CautiousOptions(0, 0, n, Set.of(), false);
  }

  /** No trials: greedy decoding, or plain sampling. */
  public static CautiousOptions plain(boolean greedy) {
    return new CautiousOptions(0, 0, 1, Set.of(), greedy);
  }

  /** How many trials a step whose sampling distribution has {@code entropy} nats samples. */
  public int trials(double entropy) {
    if (entropy >= entropyHigh) {
      return maxTrials;
    }
    if (entropy <= entropyLow) {
      return 1;
    }
    return 1 + (int) ((maxTrials - 1) * (entropy - entropyLow) / (entropyHigh - entropyLow));
  }
}
