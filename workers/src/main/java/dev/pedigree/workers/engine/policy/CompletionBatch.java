package dev.pedigree.workers.engine.policy;

import static org.bytedeco.pytorch.global.torch.log_softmax;
import static org.bytedeco.pytorch.global.torch.tensor;

import dev.pedigree.workers.engine.model.Gpt;
import dev.pedigree.workers.engine.model.GptConfig;
import dev.pedigree.workers.engine.torch.Autocast;
import dev.pedigree.workers.engine.torch.Tensors;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Map;
import org.bytedeco.pytorch.Device;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch.ScalarType;

/**
 * Prompts with their completions, each row {@code prompt + completion} right-padded, for scoring completion tokens
 * under a model in one forward pass. Padding only ever follows a row's real tokens, so under causal attention it never
 * changes them. Completion-token tensors are {@code (rows, longest completion)}, left-aligned at each completion's
 * first token, with {@link #mask()} 1 on real tokens and 0 on padding.
 */
public final class CompletionBatch {
  private final Tensor inputs;
  private final Tensor targetColumns;
  private final Tensor targets;
  private final Tensor mask;
  private final int rows;
  private final int completionWidth;

  private CompletionBatch(Tensor inputs, Tensor targetColumns, Tensor targets, Tensor mask, int rows, int width) {
    this.inputs = inputs;
    this.targetColumns = targetColumns;
    this.targets = targets;
    this.mask = mask;
    this.rows = rows;
    this.completionWidth = width;
  }

  /** Completions must not be empty; the tensors belong to the enclosing pointer scope. */
  public static CompletionBatch of(List<int[]> prompts, List<int[]> completions, Device device) {
    int rows = prompts.size();
    if (rows == 0 || completions.size() != rows) {
      throw new IllegalArgumentException("need one completion per prompt, and at least one prompt");
    }
    int width = 0;
    int completionWidth = 0;
    for (int row = 0; row < rows; row++) {
      if (completions.get(row).length == 0 || prompts.get(row).length == 0) {
        throw new IllegalArgumentException("row " + row + " has an empty prompt or completion");
      }
      width = Math.max(width, prompts.get(row).length + completions.get(row).length - 1);
      completionWidth = Math.max(completionWidth, completions.get(row).length);
    }
    long[] inputIds = new long[rows * width];
    long[] columns = new long[rows * completionWidth];
    long[] targetIds = new long[rows * completionWidth];
    float[] real = new float[rows * completionWidth];
    for (int row = 0; row < rows; row++) {
      int[] prompt = prompts.get(row);
      int[] completion = completions.get(row);
      for (int i = 0; i < prompt.length + completion.length - 1; i++) {
        inputIds[row * width + i] = i < prompt.length ? prompt[i] : completion[i - prompt.length];
      }
      for (int k = 0; k < completionWidth; k++) {
        boolean present = k < completion.length;
        columns[row * completionWidth + k] = present ? prompt.length - 1 + k : 0;
        targetIds[row * completionWidth + k] = present ? completion[k] : 0;
        real[row * completionWidth + k] = present ? 1f : 0f;
      }
    }
    return new CompletionBatch(
        tensor(inputIds).view(rows, width).to(device, ScalarType.Long),
        tensor(columns).view(rows, completionWidth).to(device, ScalarType.Long),
        tensor(targetIds).view(rows, completionWidth).to(device, ScalarType.Long),
        tensor(real).view(rows, completionWidth).to(device, ScalarType.Float),
        rows, completionWidth);
  }

  public int rows() {
    return rows;
  }

  /** 1 on completion tokens, 0 on padding, {@code (rows, width)} fp32. */
  public Tensor mask() {
    return mask;
  }

  /** Each row's completion tokens, padded with 0, {@code (rows, width)} int64. */
  public Tensor targets() {
    return targets;
  }

  /**
   * The model's next-token log-distributions {@code (rows, width, vocab)} fp32 at every completion token (the
   * distribution the token was drawn from); differentiable in {@code weights} unless grad mode is off.
   */
  public Tensor logDistributions(GptConfig config, Map<String, Tensor> weights) {
    Tensor logits;
    try (Autocast autocast = Autocast.bf16For(weights)) {
      logits = Gpt.logits(config, weights, inputs);
    }
    Tensor index = targetColumns.unsqueeze(2).expand(rows, completionWidth, config.vocabSize());
    return log_softmax(logits.to(ScalarType.Float), -1).gather(1, index);
  }

  /** The log-probability of each completion token, {@code (rows, width)}, from {@link #logDistributions}. */
  public Tensor tokenLogProbs(Tensor logDistributions) {
    return logDistributions.gather(2, targets.unsqueeze(2)).squeeze(2);
  }

  /** Rows of a fp32 or fp64 matrix as Java arrays. */
  public static double[][] toArrays(Tensor matrix) {
    Tensor host = matrix.detach().to(ScalarType.Double);
    int rows = (int) host.size(0);
    int columns = (int) host.size(1);
    double[] flat = new double[rows * columns];
    Tensors.hostBytes(host).order(ByteOrder.nativeOrder()).asDoubleBuffer().get(flat);
    double[][] result = new double[rows][columns];
    for (int row = 0; row < rows; row++) {
      System.arraycopy(flat, row * columns, result[row], 0, columns);
    }
    return result;
  }
}
