package dev.pedigree.workers.bench;

import static org.bytedeco.pytorch.global.torch.mm;
import static org.bytedeco.pytorch.global.torch.randn;

import dev.pedigree.workers.engine.torch.Tensors;
import dev.pedigree.workers.engine.torch.TorchRuntime;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Device;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch.ScalarType;

/** The matmul rate of this machine through libtorch (on the CPU at the current intra-op thread count). */
final class MatmulCeiling {
  private static final int WARMUP = 3;

  private MatmulCeiling() {}

  /** fp32 on the CPU. */
  static Measurement measure(int size, int repeats) {
    return measure(size, repeats, new Device("cpu"), ScalarType.Float);
  }

  /** @param size n of an n×n by n×n product (2n³ FLOPs); the result is the median of {@code repeats} timings */
  static Measurement measure(int size, int repeats, Device device, ScalarType type) {
    TorchRuntime.initialize();
    try (PointerScope scope = new PointerScope()) {
      Tensor a = randn(new long[] {size, size}, Tensors.options(type, device));
      Tensor b = randn(new long[] {size, size}, Tensors.options(type, device));
      double[] gflops = new double[repeats];
      for (int i = -WARMUP; i < repeats; i++) {
        try (PointerScope product = new PointerScope()) {
          DeviceSync.await(device);
          long started = System.nanoTime();
          mm(a, b);
          DeviceSync.await(device);
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
