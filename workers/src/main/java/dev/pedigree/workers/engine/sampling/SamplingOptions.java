package dev.pedigree.workers.engine.sampling;

import java.util.OptionalInt;

/**
 * How to pick each new token.
 *
 * @param temperature 0 for greedy (argmax); otherwise logits are divided by it before sampling
 * @param topK keep only the {@code topK} most likely tokens (ties with the last one kept too); 0 keeps all
 * @param topP keep the smallest set of most likely tokens whose probability reaches {@code topP}; 1 keeps all
 * @param stopToken a row ends after emitting it (it is part of the row's completion)
 * @param kvCache reuse keys and values of earlier positions; false recomputes the whole sequence every step
 */
public record SamplingOptions(
    int maxNewTokens, double temperature, int topK, double topP, OptionalInt stopToken, boolean kvCache) {
  public SamplingOptions {
    if (maxNewTokens < 1) {
      throw new IllegalArgumentException("maxNewTokens must be at least 1, was " + maxNewTokens);
    }
    if (!(temperature >= 0) || Double.isInfinite(temperature)) {
      throw new IllegalArgumentException("temperature must be finite and >= 0, was " + temperature);
    }
    if (topK < 0) {
      throw new IllegalArgumentException("topK must be >= 0, was " + topK);
    }
    if (!(topP > 0 && topP <= 1)) {
      throw new IllegalArgumentException("topP must be in (0, 1], was " + topP);
    }
  }

  public static SamplingOptions greedy(int maxNewTokens) {
    return new SamplingOptions(maxNewTokens, 0.0, 0, 1.0, OptionalInt.empty(), true);
  }

  public static SamplingOptions sampled(int maxNewTokens, double temperature, int topK, double topP) {
    return new SamplingOptions(maxNewTokens, temperature, topK, topP, OptionalInt.empty(), true);
  }

  public SamplingOptions withStopToken(int token) {
    return new SamplingOptions(maxNewTokens, temperature, topK, topP, OptionalInt.of(token), kvCache);
  }

  public SamplingOptions withKvCache(boolean enabled) {
    return new SamplingOptions(maxNewTokens, temperature, topK, topP, stopToken, enabled);
  }

  public boolean greedy() {
    return temperature == 0;
  }
}
