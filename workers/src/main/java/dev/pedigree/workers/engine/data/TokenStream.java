package dev.pedigree.workers.engine.data;

/** A split's documents as one sequence of token ids. */
public interface TokenStream {
  long length();

  int get(long index);
}
