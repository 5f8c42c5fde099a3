package dev.pedigree.workers.engine.torch;

import static org.bytedeco.pytorch.global.torch.set_autocast_cache_enabled;
import static org.bytedeco.pytorch.global.torch.set_autocast_dtype;
import static org.bytedeco.pytorch.global.torch.set_autocast_enabled;

import java.util.Map;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch.DeviceType;
import org.bytedeco.pytorch.global.torch.ScalarType;

/**
 * bf16 autocast for the forward pass of fp32 weights on CUDA; a no-op on the CPU, so CPU runs stay fp32 and
 * bit-reproducible, and for bf16 weights, which compute in bf16 already (autocast would cast their activations to fp32
 * and back around every norm).
 */
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

  /** @param weights a model's weights by name ({@code Parameters.byName()}), all of one type on one device */
  public static Autocast bf16For(Map<String, Tensor> weights) {
    Tensor any = weights.values().iterator().next();
    return new Autocast(any.is_cuda() && any.scalar_type().intern() == ScalarType.Float);
  }

  @Override
  public void close() {
    if (enabled) {
      set_autocast_enabled(DeviceType.CUDA, false);
    }
  }
}
