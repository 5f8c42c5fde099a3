package dev.pedigree.workers.engine.model;

import dev.pedigree.workflows.spec.ModelSpec;

/** The shape of a GPT: pre-LN blocks, learned positions, an LM head tied to the token embedding. */
public record GptConfig(int layers, int dModel, int heads, int contextLength, int vocabSize) {
  public GptConfig {
    if (dModel % heads != 0) {
      throw new IllegalArgumentException("heads (" + heads + ") must divide dModel (" + dModel + ")");
    }
  }

  public static GptConfig of(ModelSpec model, int vocabSize) {
    return new GptConfig(model.layers(), model.dModel(), model.heads(), model.contextLength(), vocabSize);
  }

  public int headDim() {
    return dModel / heads;
  }
}
