package dev.pedigree.workers.engine.data;

import dev.pedigree.workflows.spec.MarkovSpec;

/**
 * G-markov (METHODS.md §3): documents of {@code 0}s and {@code 1}s from a k-th-order Markov source, each an
 * independent stretch of the chain started from its stationary law, with no line break (a newline would be a symbol
 * the source's entropy rate does not count).
 */
public final class GMarkovGenerator implements DocumentGenerator {
  private final long seed;
  private final MarkovSource source;
  private final int length;

  public GMarkovGenerator(long seed, MarkovSpec spec) {
    this.seed = seed;
    this.source = MarkovSource.of(spec, seed);
    this.length = spec.length();
  }

  public MarkovSource source() {
    return source;
  }

  @Override
  public String document(long index) {
    return source.sample(SplitMix64.forStream(seed, index), length);
  }
}
