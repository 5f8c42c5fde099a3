package dev.pedigree.workers.engine;

import static org.bytedeco.pytorch.global.torch.log_softmax;

import dev.pedigree.workers.engine.data.TokenWindows;
import dev.pedigree.workers.engine.model.Gpt;
import dev.pedigree.workers.engine.torch.Autocast;
import java.util.Arrays;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Device;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch.ScalarType;

/**
 * Validation on a fixed subset of the held-out windows, evenly spaced so it spans the whole split: the mean token loss,
 * and from the same forward passes the loss at each position of the window and the mean predictive entropy. Bits per
 * byte turn the loss over the windows' target tokens into bits and divide by the UTF-8 bytes those tokens stand for,
 * so they compare across tokenizers.
 */
final class Validation {
  static final int MAX_WINDOWS = 64;

  private final TokenWindows windows;
  private final int[] samples;
  private final int batchSize;
  private final double tokensPerByte;

  /** Everything one evaluation measured. */
  record Report(EvalMetrics metrics, double[] lossByPosition, double meanEntropy) {}

  Validation(TokenWindows windows, int batchSize) {
    this.windows = windows;
    this.batchSize = batchSize;
    int count = Math.min(MAX_WINDOWS, windows.count());
    this.samples = new int[count];
    for (int i = 0; i < count; i++) {
      samples[i] = (int) ((long) i * windows.count() / count);
    }
    long targetTokens = (long) count * (windows.windowLength() - 1);
    this.tokensPerByte = (double) targetTokens / windows.targetBytes(samples);
  }

  Report evaluate(long step, Gpt model, Device device) {
    int positions = windows.windowLength() - 1;
    double[] lossByPosition = new double[positions];
    double entropySum = 0;
    try (PointerScope scope = new PointerScope(); NoGradGuard noGrad = new NoGradGuard()) {
      for (int start = 0; start < samples.length; start += batchSize) {
        int[] batch = Arrays.copyOfRange(samples, start, Math.min(samples.length, start + batchSize));
        try (PointerScope batchScope = new PointerScope()) {
          Batch tokens = Batch.of(windows, batch, device);
          Tensor logProbabilities;
          try (Autocast autocast = Autocast.bf16For(model.parameters().byName())) {
            logProbabilities = log_softmax(Gpt.logits(model.config(), model.parameters().byName(), tokens.inputs()), -1)
                .to(ScalarType.Float);
          }
          Tensor tokenLoss = logProbabilities.gather(2, tokens.targets().unsqueeze(2)).squeeze(2).neg();
          Tensor entropy = logProbabilities.exp().mul(logProbabilities).sum(2).neg();
          float[] batchLossByPosition = hostFloats(tokenLoss.sum(0), positions);
          for (int position = 0; position < positions; position++) {
            lossByPosition[position] += batchLossByPosition[position];
          }
          entropySum += entropy.sum().item_double();
        }
      }
    }
    double loss = 0;
    for (int position = 0; position < positions; position++) {
      lossByPosition[position] /= samples.length;
      loss += lossByPosition[position] / positions;
    }
    EvalMetrics metrics = new EvalMetrics(step, loss, loss / Math.log(2) * tokensPerByte);
    return new Report(metrics, lossByPosition, entropySum / ((double) samples.length * positions));
  }

  private static float[] hostFloats(Tensor tensor, int count) {
    float[] values = new float[count];
    new FloatPointer(tensor.cpu().contiguous().data_ptr_float()).get(values);
    return values;
  }
}
