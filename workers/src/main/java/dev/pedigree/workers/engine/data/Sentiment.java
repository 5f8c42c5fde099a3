package dev.pedigree.workers.engine.data;

/** A word's polarity, for programmatic sentiment rewards on generated text. */
public enum Sentiment {
  POSITIVE,
  NEGATIVE,
  NEUTRAL
}
