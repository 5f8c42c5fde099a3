package dev.pedigree.workers.bench;

import static org.bytedeco.pytorch.global.torch.mm;
import static org.bytedeco.pytorch.global.torch.randn;

import dev.pedigree.workers.engine.torch.Tensors;
import dev.pedigree.workers.engine.torch.TorchRuntime;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Device;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch.ScalarType;

/** The fp32 matmul rate of this machine through libtorch at the current intra-op thread count. */
final class MatmulCeiling {
  private static final int WARMUP = 3;

  private MatmulCeiling() {}

  /** @param size n of an n×n by n×n product (2n³ FLOPs); the result is the median of {@code repeats} timings */
  static Measurement measure(int size, int repeats) {
    TorchRuntime.initialize();
    try (PointerScope scope = new PointerScope()) {
      Tensor a = randn(new long[] {size, size}, Tensors.options(ScalarType.Float, new Device("cpu")));
      Tensor b = randn(new long[] {size, size}, Tensors.options(ScalarType.Float, new Device("cpu")));
      double[] gflops = new double[repeats];
      for (int i = -WARMUP; i < repeats; i++) {
        try (PointerScope product = new PointerScope()) {
          long started = System.nanoTime();
          mm(a, b);
          double seconds = (System.nanoTime() - started) / 1e9;
          if (i >= 0) {
            gflops[i] = 2.0 * size * size * size / seconds / 1e9;
          }
        }
      }
      return new Measurement(size, Stats.median(gflops));
    }
  }

  record Measurement(int size, double gflops) {}
}
