package dev.pedigree.workers.engine.sampling;

import java.util.Arrays;

/** One row's generated tokens so far, and whether it has emitted the stop token. */
final class GrowingRow {
  private final int[] tokens;
  private int size;
  private boolean stopped;

  GrowingRow(int maxTokens) {
    this.tokens = new int[maxTokens];
  }

  void add(int token, SamplingOptions options) {
    tokens[size++] = token;
    stopped = options.stopToken().isPresent() && options.stopToken().getAsInt() == token;
  }

  boolean stopped() {
    return stopped;
  }

  Completion toCompletion() {
    return new Completion(Arrays.copyOf(tokens, size), stopped);
  }
}
