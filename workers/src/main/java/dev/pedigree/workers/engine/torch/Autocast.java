package dev.pedigree.workers.engine.torch;

import static org.bytedeco.pytorch.global.torch.set_autocast_cache_enabled;
import static org.bytedeco.pytorch.global.torch.set_autocast_dtype;
import static org.bytedeco.pytorch.global.torch.set_autocast_enabled;

import org.bytedeco.pytorch.Device;
import org.bytedeco.pytorch.global.torch.DeviceType;
import org.bytedeco.pytorch.global.torch.ScalarType;

/** bf16 autocast for the forward pass on CUDA; on the CPU a no-op, so CPU runs stay fp32 and bit-reproducible. */
public final class Autocast implements AutoCloseable {
  private final boolean enabled;

  private Autocast(boolean enabled) {
    this.enabled = enabled;
    if (enabled) {
      set_autocast_dtype(DeviceType.CUDA, ScalarType.BFloat16);
      // The cast cache is keyed by tensor identity and would serve stale casts of weights updated in place.
      set_autocast_cache_enabled(false);
      set_autocast_enabled(DeviceType.CUDA, true);
    }
  }

  public static Autocast bf16On(Device device) {
    return new Autocast(device.is_cuda());
  }

  @Override
  public void close() {
    if (enabled) {
      set_autocast_enabled(DeviceType.CUDA, false);
    }
  }
}
