package dev.pedigree.workers.engine;

import dev.pedigree.workers.engine.data.TokenWindows;
import dev.pedigree.workers.engine.model.Gpt;
import dev.pedigree.workers.engine.torch.Autocast;
import java.util.Arrays;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Device;
import org.bytedeco.pytorch.NoGradGuard;

/** Validation loss on a fixed subset of the held-out windows, evenly spaced so it spans the whole split. */
final class Validation {
  static final int MAX_WINDOWS = 64;

  private final TokenWindows windows;
  private final int[] samples;
  private final int batchSize;

  Validation(TokenWindows windows, int batchSize) {
    this.windows = windows;
    this.batchSize = batchSize;
    int count = Math.min(MAX_WINDOWS, windows.count());
    this.samples = new int[count];
    for (int i = 0; i < count; i++) {
      samples[i] = (int) ((long) i * windows.count() / count);
    }
  }

  EvalMetrics evaluate(long step, Gpt model, Device device) {
    double weightedLoss = 0;
    try (PointerScope scope = new PointerScope(); NoGradGuard noGrad = new NoGradGuard()) {
      for (int start = 0; start < samples.length; start += batchSize) {
        int[] batch = Arrays.copyOfRange(samples, start, Math.min(samples.length, start + batchSize));
        try (PointerScope batchScope = new PointerScope()) {
          Batch tokens = Batch.of(windows, batch, device);
          try (Autocast autocast = Autocast.bf16On(device)) {
            weightedLoss += model.loss(tokens.inputs(), tokens.targets()).item_double() * batch.length;
          }
        }
      }
    }
    double loss = weightedLoss / samples.length;
    return new EvalMetrics(step, loss, loss / Math.log(2));
  }
}
