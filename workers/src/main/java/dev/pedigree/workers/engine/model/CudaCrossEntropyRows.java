package dev.pedigree.workers.engine.model;

import dev.pedigree.workers.engine.torch.CudaKernel;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch.ScalarType;

/** {@link CrossEntropyRows} as one CUDA kernel over bf16 logits, a block per row (cross_entropy.cu). */
final class CudaCrossEntropyRows implements CrossEntropyRows {
  /** The kernel reads and writes 8 bf16 values (16 bytes) at a time. */
  static final int COLUMN_MULTIPLE = 8;

  private static final int MAX_THREADS = 256;
  private static final int WARP = 32;

  private final CudaKernel kernel = CudaKernel.compile(source(), "cross_entropy_rows");

  @Override
  public void apply(Tensor logits, Tensor targets, Tensor losses, int vocab, boolean writeGradient) {
    checkArguments(logits, targets, losses, vocab);
    long columns = logits.size(1);
    int vectors = (int) (columns / COLUMN_MULTIPLE);
    int threads = Math.min(MAX_THREADS, (vectors + WARP - 1) / WARP * WARP);
    kernel.launch((int) logits.size(0), threads, logits, targets, losses, (int) columns, vocab, writeGradient ? 1 : 0);
  }

  /** What the kernel's pointer arithmetic assumes (dtypes compared interned: the bindings return fresh constants). */
  static void checkArguments(Tensor logits, Tensor targets, Tensor losses, int vocab) {
    long columns = logits.size(1);
    boolean logitsFit = logits.scalar_type().intern() == ScalarType.BFloat16 && logits.is_contiguous()
        && columns % COLUMN_MULTIPLE == 0 && vocab <= columns;
    boolean rowsFit = targets.scalar_type().intern() == ScalarType.Long && targets.is_contiguous()
        && losses.scalar_type().intern() == ScalarType.Float
        && targets.size(0) == logits.size(0) && losses.size(0) == logits.size(0);
    if (!logitsFit || !rowsFit) {
      throw new IllegalArgumentException("the cross-entropy kernel takes contiguous bf16 logits with a multiple of "
          + COLUMN_MULTIPLE + " columns, int64 targets and fp32 losses, a row each");
    }
  }

  private static String source() {
    try (InputStream in = CudaCrossEntropyRows.class.getResourceAsStream("cross_entropy.cu")) {
      if (in == null) {
        throw new IllegalStateException("cross_entropy.cu is missing from the classpath");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
