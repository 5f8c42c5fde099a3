package dev.pedigree.workers.engine.sampling;

import org.bytedeco.pytorch.Tensor;

/**
 * Rows that grow by one column per step, where a row may skip a column (a hole) and may be overwritten by a copy of
 * another row: what {@link CautiousDecoder} needs to branch a sequence into trials and to keep one of them.
 */
interface BranchingRows {
  /** Logits {@code (rows, vocab)} for each row's next token. */
  Tensor nextTokenLogits();

  /** One more column: each row's token where {@code real}, a hole elsewhere. */
  void append(long[] column, boolean[] real);

  /** Makes each row {@code to[i]} a copy of row {@code from[i]}; no row is in both. */
  void copyRows(long[] from, long[] to);
}
