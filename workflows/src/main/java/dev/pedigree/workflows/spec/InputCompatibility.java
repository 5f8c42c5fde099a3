package dev.pedigree.workflows.spec;

/** What a run's input models must share, checked at submission against what their artifacts record. */
public enum InputCompatibility {
  /** Nothing: a run without model inputs, or one that can read any. */
  NONE,
  /** The tokenizer: teachers and students, policies and references compare distributions over one vocabulary. */
  TOKENIZER,
  /** The architecture and the tokenizer: a merge combines tensors name by name and shape by shape. */
  ARCHITECTURE
}
