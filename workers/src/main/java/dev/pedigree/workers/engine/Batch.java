package dev.pedigree.workers.engine;

import static org.bytedeco.pytorch.global.torch.tensor;

import dev.pedigree.workers.engine.data.TokenWindows;
import org.bytedeco.pytorch.Device;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch.ScalarType;

/** Inputs and next-token targets, both {@code (batch, contextLength)} int64, cut from the same windows. */
public record Batch(Tensor inputs, Tensor targets) {
  public static Batch of(TokenWindows windows, int[] samples, Device device) {
    return of(windows.gather(samples), samples.length, device);
  }

  /** A batch of {@code rows} windows whose token ids lie row after row in {@code windowTokens}. */
  public static Batch of(long[] windowTokens, int rows, Device device) {
    int length = windowTokens.length / rows;
    Tensor tokens = tensor(windowTokens).view(rows, length).to(device, ScalarType.Long);
    return new Batch(tokens.narrow(1, 0, length - 1), tokens.narrow(1, 1, length - 1));
  }
}
