package dev.pedigree.workers.engine.data;

import dev.pedigree.workers.engine.tokenizer.Tokenizer;

/**
 * Training samples over a token stream: sample {@code k} is the {@code contextLength + 1} tokens starting at
 * {@code k * contextLength}, so inputs and shifted targets come from one window and sample ids never move.
 */
public final class TokenWindows {
  private final TokenStream tokens;
  private final Tokenizer tokenizer;
  private final int contextLength;
  private final int count;

  public TokenWindows(TokenStream tokens, Tokenizer tokenizer, int contextLength) {
    this.tokens = tokens;
    this.tokenizer = tokenizer;
    this.contextLength = contextLength;
    long windows = Math.max(0, (tokens.length() - 1) / contextLength);
    if (windows == 0) {
      throw new IllegalArgumentException(
          "a stream of " + tokens.length() + " tokens holds no window of " + (contextLength + 1)
              + " tokens; use more documents");
    }
    if (windows > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("more than 2^31 windows of " + contextLength + " tokens");
    }
    this.count = (int) windows;
  }

  public int count() {
    return count;
  }

  public int windowLength() {
    return contextLength + 1;
  }

  public Tokenizer tokenizer() {
    return tokenizer;
  }

  /** Token ids of the windows {@code samples}, row after row: {@code samples.length * windowLength()} values. */
  public long[] gather(int[] samples) {
    int length = windowLength();
    long[] ids = new long[samples.length * length];
    for (int row = 0; row < samples.length; row++) {
      long start = (long) samples[row] * contextLength;
      for (int i = 0; i < length; i++) {
        ids[row * length + i] = tokens.get(start + i);
      }
    }
    return ids;
  }

  /** The UTF-8 bytes that the targets of {@code samples} (every token of a window but the first) stand for. */
  public long targetBytes(int[] samples) {
    long bytes = 0;
    for (int sample : samples) {
      long start = (long) sample * contextLength;
      for (int i = 1; i <= contextLength; i++) {
        bytes += tokenizer.byteLength(tokens.get(start + i));
      }
    }
    return bytes;
  }
}
