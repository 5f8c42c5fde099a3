package dev.pedigree.workflows.spec;

import java.util.Set;

/**
 * GPT shape. Omitted fields take the demo model's values: an LM head tied to the token embedding and learned absolute
 * positions.
 *
 * @param tiedHead whether the LM head reuses {@code wte.weight}; false adds an {@code lm_head.weight}
 * @param positions {@code learned} (a {@code wpe.weight} table) or {@code rotary} (RoPE on queries and keys)
 */
public record ModelSpec(
    Integer layers, Integer dModel, Integer heads, Integer contextLength, Boolean tiedHead, String positions) {
  public static final Set<String> POSITIONS = Set.of("learned", "rotary");

  public ModelSpec {
    layers = layers == null ? 2 : layers;
    dModel = dModel == null ? 64 : dModel;
    heads = heads == null ? 4 : heads;
    contextLength = contextLength == null ? 64 : contextLength;
    tiedHead = tiedHead == null ? true : tiedHead;
    positions = positions == null ? "learned" : positions;
  }

  /** A model with a tied head and learned positions. */
  public ModelSpec(Integer layers, Integer dModel, Integer heads, Integer contextLength) {
    this(layers, dModel, heads, contextLength, null, null);
  }

  public static ModelSpec defaults() {
    return new ModelSpec(null, null, null, null, null, null);
  }

  /**
   * The weights outside the token and position embeddings and an untied LM head: per block two norms (4d), the
   * attention's qkv and output projections (4d² + 4d) and the 4x MLP (8d² + 5d), plus the final norm (2d). This is the
   * N of scaling laws (Kaplan et al. 2020): embedding weights grow with the vocabulary, not with what the model can
   * learn, and counting them bends the law for small models like ours.
   */
  public long nonEmbeddingParameters() {
    long d = dModel;
    return layers * (12 * d * d + 13 * d) + 2 * d;
  }

  void check(SpecChecks checks, String at) {
    checks.range(at + ".layers", layers, 1, 48);
    checks.range(at + ".dModel", dModel, 8, 8192);
    checks.range(at + ".heads", heads, 1, 128);
    checks.require(heads > 0 && dModel % heads == 0, at + ".heads", "must divide dModel (" + dModel + ")");
    checks.range(at + ".contextLength", contextLength, 8, 8192);
    checks.oneOf(at + ".positions", positions, POSITIONS);
    if ("rotary".equals(positions) && heads > 0 && dModel % heads == 0) {
      checks.require((dModel / heads) % 2 == 0, at + ".positions",
          "rotary needs an even head dimension, dModel / heads is " + dModel / heads);
    }
  }
}
