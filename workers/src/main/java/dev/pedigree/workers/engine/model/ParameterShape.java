package dev.pedigree.workers.engine.model;

/**
 * One named parameter of a model.
 *
 * @param decayed whether AdamW applies weight decay to it (matrices and embeddings; not biases or norm gains)
 */
public record ParameterShape(String name, long[] shape, boolean decayed) {
  public long numel() {
    long n = 1;
    for (long dim : shape) {
      n *= dim;
    }
    return n;
  }
}
