package dev.pedigree.workers.engine.checkpoint;

/** A tensor as a safetensors header describes it; offsets are relative to the start of the data section. */
public record TensorHeader(String name, DType dtype, long[] shape, long begin, long end) {
  public long byteSize() {
    return end - begin;
  }
}
