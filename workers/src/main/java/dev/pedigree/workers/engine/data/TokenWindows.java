package dev.pedigree.workers.engine.data;

/**
 * Training samples over a token stream: sample {@code k} is the {@code contextLength + 1} tokens starting at
 * {@code k * contextLength}, so inputs and shifted targets come from one window and sample ids never move.
 */
public final class TokenWindows {
  private final byte[] tokens;
  private final int contextLength;
  private final int count;

  public TokenWindows(byte[] tokens, int contextLength) {
    this.tokens = tokens;
    this.contextLength = contextLength;
    this.count = Math.max(0, (tokens.length - 1) / contextLength);
    if (count == 0) {
      throw new IllegalArgumentException(
          "a stream of " + tokens.length + " tokens holds no window of " + (contextLength + 1)
              + " tokens; generate more documents");
    }
  }

  public int count() {
    return count;
  }

  public int windowLength() {
    return contextLength + 1;
  }

  /** Token ids of the windows {@code samples}, row after row: {@code samples.length * windowLength()} values. */
  public long[] gather(int[] samples) {
    int length = windowLength();
    long[] ids = new long[samples.length * length];
    for (int row = 0; row < samples.length; row++) {
      int start = samples[row] * contextLength;
      for (int i = 0; i < length; i++) {
        ids[row * length + i] = ByteTokenizer.tokenId(tokens[start + i]);
      }
    }
    return ids;
  }
}
