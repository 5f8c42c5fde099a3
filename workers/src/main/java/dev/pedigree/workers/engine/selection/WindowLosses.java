package dev.pedigree.workers.engine.selection;

import static org.bytedeco.pytorch.global.torch.log_softmax;

import dev.pedigree.workers.engine.Batch;
import dev.pedigree.workers.engine.model.Gpt;
import dev.pedigree.workers.engine.torch.Tensors;
import java.nio.ByteOrder;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Device;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch.ScalarType;

/** Each window's mean next-token loss (nats) under a model, without gradients. */
final class WindowLosses {
  private WindowLosses() {}

  static double[] of(Gpt model, long[] windowTokens, int rows, Device device) {
    try (PointerScope scope = new PointerScope(); NoGradGuard noGrad = new NoGradGuard()) {
      Batch batch = Batch.of(windowTokens, rows, device);
      Tensor logits = Gpt.logits(model.config(), model.parameters().byName(), batch.inputs());
      Tensor windowLoss = log_softmax(logits.to(ScalarType.Float), -1)
          .gather(2, batch.targets().unsqueeze(2)).squeeze(2).neg().mean(1);
      double[] losses = new double[rows];
      Tensors.hostBytes(windowLoss.to(ScalarType.Double)).order(ByteOrder.nativeOrder()).asDoubleBuffer().get(losses);
      return losses;
    }
  }
}
