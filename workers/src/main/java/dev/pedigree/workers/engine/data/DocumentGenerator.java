package dev.pedigree.workers.engine.data;

/** A deterministic synthetic corpus (METHODS.md §3): document {@code i} depends only on the seed and {@code i}. */
public interface DocumentGenerator {
  String document(long index);
}
