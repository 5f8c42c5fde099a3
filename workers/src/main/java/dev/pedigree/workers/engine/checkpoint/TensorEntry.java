package dev.pedigree.workers.engine.checkpoint;

import java.nio.ByteBuffer;
import java.util.function.Supplier;

/**
 * A tensor to write: its bytes (little-endian, row-major) are asked for only when the writer reaches it, so a file is
 * streamed one tensor at a time.
 */
public record TensorEntry(String name, DType dtype, long[] shape, Supplier<ByteBuffer> data) {
  public long byteSize() {
    long size = dtype.bytes();
    for (long dim : shape) {
      size *= dim;
    }
    return size;
  }
}
