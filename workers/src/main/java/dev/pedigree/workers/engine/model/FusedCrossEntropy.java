package dev.pedigree.workers.engine.model;

import static org.bytedeco.pytorch.global.torch.zeros;
import static org.bytedeco.pytorch.global.torch.is_autocast_enabled;

import dev.pedigree.workers.engine.torch.Tensors;
import dev.pedigree.workers.engine.torch.TorchRuntime;
import java.util.Optional;
import org.bytedeco.pytorch.GradMode;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch.DeviceType;
import org.bytedeco.pytorch.global.torch.ScalarType;

/**
 * The LM head's cross-entropy with the softmax's gradient taken in the forward pass, as Liger's fused linear
 * cross-entropy does. The logits are computed once, in the compute dtype; a row kernel turns them into each row's loss
 * and, in place, into d(loss)/d(logits); the head's two gradient matmuls follow at once. Autograd then sees a
 * surrogate whose value is the loss and whose gradients are those products, so nothing of the (tokens × rows) logits
 * outlives the forward pass and no fp32 copy of them is made: autograd's path writes and reads three (BENCHMARKS.md §6).
 */
public final class FusedCrossEntropy {
  private static FusedCrossEntropy onCuda;

  private final CrossEntropyRows rows;
  private final ScalarType computeType;

  FusedCrossEntropy(CrossEntropyRows rows, ScalarType computeType) {
    this.rows = rows;
    this.computeType = computeType;
  }

  /**
   * The CUDA kernel, when the loss setting is {@code fused} ({@link TorchRuntime#loss()}), {@code hidden} is on a GPU
   * and bf16 (or under bf16 autocast) and the embedding rows suit the kernel; otherwise autograd's cross-entropy is used.
   */
  static Optional<FusedCrossEntropy> forTraining(Tensor hidden, GptConfig config) {
    boolean bf16 = hidden.scalar_type().intern() == ScalarType.BFloat16 || is_autocast_enabled(DeviceType.CUDA);
    boolean applies = hidden.is_cuda() && TorchRuntime.loss().equals("fused") && bf16
        && config.embeddingRows() % CudaCrossEntropyRows.COLUMN_MULTIPLE == 0;
    return applies ? Optional.of(onCuda()) : Optional.empty();
  }

  /**
   * Mean cross-entropy of {@code targets} (tokens, int64; {@link Gpt#IGNORED_TARGET} skipped) over the first
   * {@code vocab} columns of {@code hidden · headᵀ}, where {@code hidden} is (tokens, d) and {@code head} (rows, d).
   */
  public Tensor loss(Tensor hidden, Tensor head, Tensor targets, int vocab) {
    boolean gradients = GradMode.is_enabled() && (hidden.requires_grad() || head.requires_grad());
    Tensor loss;
    Tensor hiddenGradient;
    Tensor headGradient;
    Tensor counted;
    try (NoGradGuard noGrad = new NoGradGuard()) {
      Tensor hiddenInput = hidden.to(computeType);
      Tensor headInput = head.to(computeType);
      Tensor logits = hiddenInput.matmul(headInput.t());
      Tensor losses = zeros(new long[] {logits.size(0)}, Tensors.options(ScalarType.Float, logits.device()));
      rows.apply(logits, targets, losses, vocab, gradients);
      counted = targets.ne(new Scalar(Gpt.IGNORED_TARGET)).sum().to(ScalarType.Float);
      loss = losses.sum().div(counted);
      if (!gradients) {
        return loss;
      }
      hiddenGradient = logits.mm(headInput);
      headGradient = logits.t().mm(hiddenInput);
    }
    Tensor surrogate = hidden.mul(hiddenGradient).sum().add(head.mul(headGradient).sum()).div(counted);
    return loss.add(surrogate.sub(surrogate.detach()));
  }

  /**
   * Compiled on first use, so CPU-only machines never load the CUDA libraries; a failure is reported at each use, with
   * the setting that trains without the kernel (it is the default on CUDA, and needs NVRTC and the CUDA presets' JNI
   * libraries on the worker).
   */
  static synchronized FusedCrossEntropy onCuda() {
    if (onCuda == null) {
      try {
        onCuda = new FusedCrossEntropy(new CudaCrossEntropyRows(), ScalarType.BFloat16);
      } catch (RuntimeException | LinkageError e) {
        throw new IllegalStateException("the fused cross-entropy kernel could not be built on this machine ("
            + e + "); set PEDIGREE_TORCH_LOSS=autograd to train with libtorch's cross-entropy instead", e);
      }
    }
    return onCuda;
  }
}
