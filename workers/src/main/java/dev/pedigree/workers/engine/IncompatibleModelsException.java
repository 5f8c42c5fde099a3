package dev.pedigree.workers.engine;

/**
 * Input models that cannot be used together: a different architecture, tensor names, shapes or dtypes, or tokenizer.
 * Retrying cannot fix it.
 */
public final class IncompatibleModelsException extends IllegalArgumentException {
  public IncompatibleModelsException(String message) {
    super(message);
  }
}
