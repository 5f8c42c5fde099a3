package dev.pedigree.workers.engine.distill;

import static org.bytedeco.pytorch.global.torch.tensor;

import dev.pedigree.workers.engine.Batch;
import dev.pedigree.workers.engine.tokenizer.Tokenizer;
import dev.pedigree.workers.engine.torch.Tensors;
import java.nio.ByteOrder;
import java.nio.LongBuffer;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch.ScalarType;

/**
 * WHP's anchored terms as token ids: each idiosyncratic term of the forget texts (an entity's name) and the generic
 * term the base reads instead. A term and its translation encode to the same number of tokens, so a translated window
 * keeps every position and the base's prediction at a position is the generic label of the original's.
 */
final class AnchorTerms {
  private final List<Pair> pairs;

  /** A term and its translation; the longest term matches first where terms overlap. */
  record Pair(int[] term, int[] generic) {}

  /**
   * Windows with every term replaced, and which positions get a generic label: none where the next token continues a
   * term, since the base read the translation's continuation there, not the term's.
   *
   * @param labelled {@code (rows, length − 1)} float, 1 where the position has a generic label
   */
  record Translation(Batch batch, Tensor labelled) {}

  private AnchorTerms(List<Pair> pairs) {
    this.pairs = pairs.stream().sorted(Comparator.comparingInt((Pair pair) -> pair.term().length).reversed()).toList();
  }

  /** @throws IllegalArgumentException where a term and its translation encode to different token counts */
  static AnchorTerms of(Map<String, String> anchors, Tokenizer tokenizer) {
    List<Pair> pairs = anchors.entrySet().stream().map(anchor -> {
      Pair pair = new Pair(tokenizer.encode(anchor.getKey()), tokenizer.encode(anchor.getValue()));
      if (pair.term().length != pair.generic().length) {
        throw new IllegalArgumentException("anchor '" + anchor.getKey() + "' encodes to " + pair.term().length
            + " tokens but its translation '" + anchor.getValue() + "' to " + pair.generic().length
            + "; give a translation of the same token length");
      }
      return pair;
    }).toList();
    return new AnchorTerms(pairs);
  }

  /** {@code batch} read with every term translated. */
  Translation translate(Batch batch) {
    int rows = (int) batch.inputs().size(0);
    int positions = (int) batch.inputs().size(1);
    long[] tokens = new long[rows * (positions + 1)];
    LongBuffer inputs = Tensors.hostBytes(batch.inputs()).order(ByteOrder.nativeOrder()).asLongBuffer();
    LongBuffer targets = Tensors.hostBytes(batch.targets()).order(ByteOrder.nativeOrder()).asLongBuffer();
    for (int row = 0; row < rows; row++) {
      inputs.get(row * positions, tokens, row * (positions + 1), positions);
      tokens[row * (positions + 1) + positions] = targets.get(row * positions + positions - 1);
    }
    float[] labelled = new float[rows * positions];
    Arrays.fill(labelled, 1f);
    for (int row = 0; row < rows; row++) {
      translateRow(tokens, row * (positions + 1), positions + 1, labelled, row * positions);
    }
    Tensor mask = tensor(labelled).view(rows, positions).to(batch.inputs().device(), ScalarType.Float);
    return new Translation(Batch.of(tokens, rows, batch.inputs().device()), mask);
  }

  /** Replaces the terms in {@code tokens[from, from + length)} and unlabels the positions before their later tokens. */
  private void translateRow(long[] tokens, int from, int length, float[] labelled, int labelFrom) {
    int i = 0;
    while (i < length) {
      Pair match = matchAt(tokens, from + i, length - i);
      if (match == null) {
        i++;
        continue;
      }
      for (int k = 0; k < match.generic().length; k++) {
        tokens[from + i + k] = match.generic()[k];
        if (k > 0) {
          labelled[labelFrom + i + k - 1] = 0f;
        }
      }
      i += match.term().length;
    }
  }

  private Pair matchAt(long[] tokens, int at, int available) {
    for (Pair pair : pairs) {
      int[] term = pair.term();
      if (term.length == 0 || term.length > available) {
        continue;
      }
      boolean matches = true;
      for (int k = 0; k < term.length && matches; k++) {
        matches = tokens[at + k] == term[k];
      }
      if (matches) {
        return pair;
      }
    }
    return null;
  }
}
