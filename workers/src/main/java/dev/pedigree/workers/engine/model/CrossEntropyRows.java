package dev.pedigree.workers.engine.model;

import org.bytedeco.pytorch.Tensor;

/** Each row's cross-entropy over a matrix of logits and, when asked, its gradient written over the logits. */
interface CrossEntropyRows {
  /**
   * Fills {@code losses} (tokens, fp32) with each row's log-sum-exp over its first {@code vocab} logits minus its
   * target's logit (0 for {@link Gpt#IGNORED_TARGET}). With {@code writeGradient}, overwrites {@code logits} (tokens, rows;
   * contiguous) with softmax − onehot(target): the gradient of the summed losses, zero in the padding columns from
   * {@code vocab} on and in ignored rows.
   */
  void apply(Tensor logits, Tensor targets, Tensor losses, int vocab, boolean writeGradient);
}
