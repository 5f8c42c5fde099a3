package dev.pedigree.workers.engine.sampling;

import static org.bytedeco.pytorch.global.torch.arange;
import static org.bytedeco.pytorch.global.torch.tensor;

import dev.pedigree.workers.engine.torch.Tensors;
import java.util.Arrays;
import java.util.List;
import org.bytedeco.pytorch.Device;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch.ScalarType;

/**
 * Prompts of different lengths, left-padded to a common length so that every row's next token lands in the same
 * column. Each row counts positions over its own real tokens, and padding is never attended to, so a row's tokens do
 * not depend on the other rows in the batch. A row may also skip a column (a hole: padding after its prompt), which
 * lets rows of one batch grow by different numbers of tokens. The token columns live in Java; tensors are cut per
 * forward pass.
 */
final class PaddedRows {
  static final long PAD_TOKEN = 0;

  private final long[][] tokens;
  private final boolean[][] real;
  private final long[][] positions;
  private final int[] realTokens;
  private final int promptLength;
  private final Device device;
  private int length;

  PaddedRows(List<int[]> prompts, int capacity, Device device) {
    this.promptLength = prompts.stream().mapToInt(prompt -> prompt.length).max().orElseThrow();
    this.tokens = new long[prompts.size()][capacity];
    this.real = new boolean[prompts.size()][capacity];
    this.positions = new long[prompts.size()][capacity];
    this.realTokens = new int[prompts.size()];
    this.device = device;
    for (int row = 0; row < prompts.size(); row++) {
      int[] prompt = prompts.get(row);
      int padding = promptLength - prompt.length;
      for (int i = 0; i < prompt.length; i++) {
        tokens[row][padding + i] = prompt[i];
        real[row][padding + i] = true;
        positions[row][padding + i] = i;
      }
      realTokens[row] = prompt.length;
    }
    this.length = promptLength;
  }

  int rows() {
    return tokens.length;
  }

  int promptLength() {
    return promptLength;
  }

  /** Columns filled so far: the padded prompts and the tokens generated after them. */
  int length() {
    return length;
  }

  void append(long[] column) {
    boolean[] allReal = new boolean[tokens.length];
    Arrays.fill(allReal, true);
    append(column, allReal);
  }

  /** One more column: each row's token where {@code isReal}, a hole (padding) elsewhere. */
  void append(long[] column, boolean[] isReal) {
    for (int row = 0; row < tokens.length; row++) {
      tokens[row][length] = isReal[row] ? column[row] : PAD_TOKEN;
      real[row][length] = isReal[row];
      positions[row][length] = isReal[row] ? realTokens[row]++ : 0;
    }
    length++;
  }

  /** Makes row {@code to} a copy of row {@code from}: its tokens, holes and positions. */
  void copyRow(int from, int to) {
    System.arraycopy(tokens[from], 0, tokens[to], 0, length);
    System.arraycopy(real[from], 0, real[to], 0, length);
    System.arraycopy(positions[from], 0, positions[to], 0, length);
    realTokens[to] = realTokens[from];
  }

  /** Token ids {@code (rows, count)} of columns {@code [start, start + count)}. */
  Tensor tokens(int start, int count) {
    long[] ids = new long[tokens.length * count];
    for (int row = 0; row < tokens.length; row++) {
      System.arraycopy(tokens[row], start, ids, row * count, count);
    }
    return tensor(ids).view(tokens.length, count).to(device, ScalarType.Long);
  }

  /** Each row's own positions {@code (rows, count)} for columns {@code [start, start + count)}; 0 on padding. */
  Tensor positions(int start, int count) {
    long[] ids = new long[tokens.length * count];
    for (int row = 0; row < tokens.length; row++) {
      System.arraycopy(positions[row], start, ids, row * count, count);
    }
    return tensor(ids).view(tokens.length, count).to(device, ScalarType.Long);
  }

  /**
   * Which keys the queries in columns {@code [start, start + count)} may attend to, {@code (rows, 1, count, start +
   * count)} bool: earlier or same columns that are not padding. A padding query attends to itself alone, so no row
   * of the softmax is empty (an empty one would turn into NaNs that reach the real tokens through later layers).
   */
  Tensor attentionMask(int start, int count) {
    int keys = start + count;
    byte[] isReal = new byte[tokens.length * keys];
    for (int row = 0; row < tokens.length; row++) {
      for (int key = 0; key < keys; key++) {
        isReal[row * keys + key] = (byte) (real[row][key] ? 1 : 0);
      }
    }
    Tensor keyIsReal = tensor(isReal).view(tokens.length, 1, 1, keys).to(device, ScalarType.Bool);
    Tensor keyColumn = arange(new Scalar(keys), Tensors.options(ScalarType.Long, device)).view(1, keys);
    Tensor queryColumn = arange(new Scalar(start), new Scalar(keys), Tensors.options(ScalarType.Long, device))
        .view(count, 1);
    return keyIsReal.logical_or(keyColumn.eq(queryColumn)).logical_and(keyColumn.le(queryColumn));
  }
}
