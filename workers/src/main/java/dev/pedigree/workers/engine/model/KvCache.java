package dev.pedigree.workers.engine.model;

import static org.bytedeco.pytorch.global.torch.zeros;

import dev.pedigree.workers.engine.torch.Tensors;
import org.bytedeco.pytorch.Device;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch.ScalarType;

/**
 * Keys and values of the positions a GPT has already seen, per layer, so decoding one more token costs one position's
 * work instead of the whole sequence's. Buffers of {@code capacity} positions are allocated up front and filled in
 * place, which keeps every step's temporaries free to go with the step's {@link org.bytedeco.javacpp.PointerScope}; the
 * buffers belong to the scope that allocates the cache.
 */
public final class KvCache {
  private final Tensor[] keys;
  private final Tensor[] values;
  private final long capacity;
  private long length;

  private KvCache(Tensor[] keys, Tensor[] values, long capacity) {
    this.keys = keys;
    this.values = values;
    this.capacity = capacity;
  }

  /** An empty cache of {@code type} (the weights') for {@code batch} rows of up to {@code capacity} positions. */
  public static KvCache allocate(GptConfig config, long batch, long capacity, Device device, ScalarType type) {
    long[] shape = {batch, config.heads(), capacity, config.headDim()};
    Tensor[] keys = new Tensor[config.layers()];
    Tensor[] values = new Tensor[config.layers()];
    for (int layer = 0; layer < config.layers(); layer++) {
      keys[layer] = zeros(shape, Tensors.options(type, device));
      values[layer] = zeros(shape, Tensors.options(type, device));
    }
    return new KvCache(keys, values, capacity);
  }

  /** Positions cached so far. */
  public long length() {
    return length;
  }

  public long capacity() {
    return capacity;
  }

  /**
   * Makes rows {@code to} copies of rows {@code from}, every cached position of every layer, e.g. to branch one
   * sequence into several continuations.
   *
   * @param from {@code (n)} int64 row indices to read
   * @param to {@code (n)} int64 row indices to overwrite, none of them in {@code from}
   */
  public void copyRows(Tensor from, Tensor to) {
    for (int layer = 0; layer < keys.length; layer++) {
      keys[layer].index_copy_(0, to, keys[layer].index_select(0, from));
      values[layer].index_copy_(0, to, values[layer].index_select(0, from));
    }
  }

  /** Stores {@code (batch, heads, time, headDim)} keys and values after the cached ones; returns all of them so far. */
  Tensor[] append(int layer, Tensor key, Tensor value) {
    long time = key.size(2);
    if (length + time > capacity) {
      throw new IllegalStateException("KV cache holds " + capacity + " positions; " + (length + time) + " needed");
    }
    keys[layer].narrow(2, length, time).copy_(key);
    values[layer].narrow(2, length, time).copy_(value);
    return new Tensor[] {keys[layer].narrow(2, 0, length + time), values[layer].narrow(2, 0, length + time)};
  }

  /** Marks the positions appended to every layer in the last forward pass as cached. */
  void advance(long time) {
    length += time;
  }
}
