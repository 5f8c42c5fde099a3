package dev.pedigree.workers.engine.model;

import dev.pedigree.workflows.spec.ModelSpec;

/**
 * The shape of a pre-LN GPT.
 *
 * @param tiedHead whether the LM head is {@code wte.weight}; otherwise a separate {@code lm_head.weight}
 * @param embeddingRows rows of the embedding and of the LM head, {@code vocabSize} or more: the rows past the
 *     vocabulary are padding that no token uses and no logit shows ({@link #alignedEmbeddings()})
 */
public record GptConfig(int layers, int dModel, int heads, int contextLength, int vocabSize, boolean tiedHead,
    PositionEncoding positions, int embeddingRows) {
  /**
   * New models pad their embedding rows to a multiple of this. On an H100 a GPT-2-small step with the vocabulary of
   * 50,257 rows took 220 ms and with 50,304 rows 149 ms (BENCHMARKS.md §6): cuBLAS needs aligned matrix widths for
   * its fast bf16 kernels, and the LM head is the largest matmul. Megatron and nanoGPT pad the same way.
   */
  public static final int EMBEDDING_ROW_MULTIPLE = 64;

  public GptConfig {
    if (embeddingRows < vocabSize) {
      throw new IllegalArgumentException(
          "embeddingRows (" + embeddingRows + ") must be at least vocabSize (" + vocabSize + ")");
    }
    if (dModel % heads != 0) {
      throw new IllegalArgumentException("heads (" + heads + ") must divide dModel (" + dModel + ")");
    }
    if (positions == PositionEncoding.ROTARY && (dModel / heads) % 2 != 0) {
      throw new IllegalArgumentException("rotary positions need an even head dimension, got " + dModel / heads);
    }
  }

  /** A model with one embedding row per token. */
  public GptConfig(int layers, int dModel, int heads, int contextLength, int vocabSize, boolean tiedHead,
      PositionEncoding positions) {
    this(layers, dModel, heads, contextLength, vocabSize, tiedHead, positions, vocabSize);
  }

  /** The default architecture: a tied head and learned positions, one embedding row per token. */
  public GptConfig(int layers, int dModel, int heads, int contextLength, int vocabSize) {
    this(layers, dModel, heads, contextLength, vocabSize, true, PositionEncoding.LEARNED);
  }

  /** The shape a run's spec asks for, with {@link #alignedEmbeddings() aligned} embedding rows. */
  public static GptConfig of(ModelSpec model, int vocabSize) {
    return new GptConfig(model.layers(), model.dModel(), model.heads(), model.contextLength(), vocabSize,
        model.tiedHead(), PositionEncoding.of(model.positions())).alignedEmbeddings();
  }

  /** This shape with its embedding rows rounded up to a multiple of {@value #EMBEDDING_ROW_MULTIPLE}. */
  public GptConfig alignedEmbeddings() {
    return new GptConfig(layers, dModel, heads, contextLength, vocabSize, tiedHead, positions, alignedRows(vocabSize));
  }

  /** {@code tokens} rounded up to a multiple of {@value #EMBEDDING_ROW_MULTIPLE}. */
  public static int alignedRows(int tokens) {
    return (tokens + EMBEDDING_ROW_MULTIPLE - 1) / EMBEDDING_ROW_MULTIPLE * EMBEDDING_ROW_MULTIPLE;
  }

  public int headDim() {
    return dModel / heads;
  }

  /** The weight the LM head multiplies by. */
  public String headWeight() {
    return tiedHead ? "wte.weight" : "lm_head.weight";
  }
}
