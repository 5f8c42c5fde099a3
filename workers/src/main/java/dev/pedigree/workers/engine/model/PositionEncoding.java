package dev.pedigree.workers.engine.model;

/** How a GPT knows where a token is. */
public enum PositionEncoding {
  /** A learned table {@code wpe.weight} added to the token embeddings. */
  LEARNED,
  /** Rotary embeddings (RoPE) applied to queries and keys in every attention layer; no parameters. */
  ROTARY;

  /** Parses the spec's spelling, {@code learned} or {@code rotary}. */
  public static PositionEncoding of(String name) {
    return switch (name) {
      case "learned" -> LEARNED;
      case "rotary" -> ROTARY;
      default -> throw new IllegalArgumentException("unknown position encoding: " + name);
    };
  }
}
