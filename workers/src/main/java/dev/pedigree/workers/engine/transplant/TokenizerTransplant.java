package dev.pedigree.workers.engine.transplant;

import dev.pedigree.workers.engine.model.Gpt;
import dev.pedigree.workers.engine.model.GptConfig;
import dev.pedigree.workers.engine.model.Parameters;
import dev.pedigree.workers.engine.tokenizer.Tokenizer;
import dev.pedigree.workers.engine.tokenizer.VocabularyMatch;
import dev.pedigree.workers.engine.torch.Tensors;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.Map;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Device;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Tensor;

/**
 * A base model moved onto a donor's tokenizer without training (Goddard and Fernandes Neto, "Training-Free Tokenizer
 * Transplantation via Orthogonal Matching Pursuit", 2025; METHODS.md §2.7): the base's body as it is, with one
 * embedding row (and untied head row) per donor token. Tokens whose bytes the base's vocabulary has keep the base's row
 * bit for bit; the rest get their {@link TransplantInit} row. Only the donor's vocabulary rows are read, so the donor
 * may have any width and depth.
 */
public final class TokenizerTransplant {
  /** The paper's and mergekit-tokensurgeon's default number of anchors per new token. */
  public static final int DEFAULT_K = 64;

  private TokenizerTransplant() {}

  /**
   * @param model the base's body with the donor's vocabulary, on the CPU
   * @param tokenizer the donor's tokenizer, which the model now reads and writes
   * @param embeddingResidual {@link VocabularyRows#meanRelativeResidual()} of the embedding
   */
  public record Transplant(Gpt model, Tokenizer tokenizer, VocabularyMatch match, double embeddingResidual) {
    public int sharedTokens() {
      return match.sharedNewIds().length;
    }

    public int newTokens() {
      return match.newVocabSize() - sharedTokens();
    }
  }

  public static Transplant transplant(Gpt base, Tokenizer baseTokenizer, Gpt donor, Tokenizer donorTokenizer,
      TransplantSettings settings) {
    VocabularyMatch match = VocabularyMatch.of(baseTokenizer, donorTokenizer);
    GptConfig from = base.config();
    GptConfig config = new GptConfig(from.layers(), from.dModel(), from.heads(), from.contextLength(),
        donorTokenizer.vocabSize(), from.tiedHead(), from.positions()).alignedEmbeddings();
    Gpt model = Gpt.zeros(config, new Device("cpu"));
    double embeddingResidual = Double.NaN;
    try (PointerScope scope = new PointerScope(); NoGradGuard noGrad = new NoGradGuard()) {
      Map<String, Tensor> baseViews = views(base.parameters());
      for (Map.Entry<String, Tensor> target : views(model.parameters()).entrySet()) {
        String name = target.getKey();
        if (!Gpt.VOCABULARY_ROWS.contains(name)) {
          target.getValue().copy_(baseViews.get(name));
          continue;
        }
        // The donor's matching matrix: its embedding, or its head when both heads are untied.
        String donorName = donor.config().tiedHead() ? "wte.weight" : name;
        VocabularyRows rows = VocabularyRows.build(rows(baseViews.get(name), from.vocabSize()),
            rows(views(donor.parameters()).get(donorName), donor.config().vocabSize()), match, settings);
        write(target.getValue(), rows.rows());
        if (name.equals("wte.weight")) {
          embeddingResidual = rows.meanRelativeResidual();
        }
      }
      model.parameters().valuesChanged();
    }
    return new Transplant(model, donorTokenizer, match, embeddingResidual);
  }

  private static Map<String, Tensor> views(Parameters parameters) {
    return parameters.viewsOf(parameters.values());
  }

  /** The first {@code count} rows of a matrix, on the host. */
  private static float[][] rows(Tensor matrix, int count) {
    int width = (int) matrix.size(1);
    FloatBuffer values =
        Tensors.hostBytes(matrix.narrow(0, 0, count)).order(ByteOrder.nativeOrder()).asFloatBuffer();
    float[][] rows = new float[count][width];
    for (float[] row : rows) {
      values.get(row);
    }
    return rows;
  }

  /** Overwrites the first rows of {@code matrix} with {@code rows}; the padding rows past them stay zero. */
  private static void write(Tensor matrix, float[][] rows) {
    Tensor head = matrix.narrow(0, 0, rows.length);
    ByteBuffer bytes = ByteBuffer.allocate((int) head.nbytes()).order(ByteOrder.nativeOrder());
    FloatBuffer floats = bytes.asFloatBuffer();
    for (float[] row : rows) {
      floats.put(row);
    }
    Tensors.copyInto(head, bytes);
  }
}
