package dev.pedigree.workers.engine.model;

import dev.pedigree.workflows.spec.ModelSpec;

/**
 * The shape of a pre-LN GPT.
 *
 * @param tiedHead whether the LM head is {@code wte.weight}; otherwise a separate {@code lm_head.weight}
 */
public record GptConfig(
    int layers, int dModel, int heads, int contextLength, int vocabSize, boolean tiedHead, PositionEncoding positions) {
  public GptConfig {
    if (dModel % heads != 0) {
      throw new IllegalArgumentException("heads (" + heads + ") must divide dModel (" + dModel + ")");
    }
    if (positions == PositionEncoding.ROTARY && (dModel / heads) % 2 != 0) {
      throw new IllegalArgumentException("rotary positions need an even head dimension, got " + dModel / heads);
    }
  }

  /** The default architecture: a tied head and learned positions. */
  public GptConfig(int layers, int dModel, int heads, int contextLength, int vocabSize) {
    this(layers, dModel, heads, contextLength, vocabSize, true, PositionEncoding.LEARNED);
  }

  public static GptConfig of(ModelSpec model, int vocabSize) {
    return new GptConfig(model.layers(), model.dModel(), model.heads(), model.contextLength(), vocabSize,
        model.tiedHead(), PositionEncoding.of(model.positions()));
  }

  public int headDim() {
    return dModel / heads;
  }

  /** The weight the LM head multiplies by. */
  public String headWeight() {
    return tiedHead ? "wte.weight" : "lm_head.weight";
  }
}
