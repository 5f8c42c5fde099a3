package dev.pedigree.workers.engine.data;

/** A lexicon entry. */
public record Word(String text, PartOfSpeech partOfSpeech, Sentiment sentiment) {
  /** Parts of speech of the G-text grammar. */
  public enum PartOfSpeech {
    NAME,
    NOUN,
    ADJECTIVE,
    TRANSITIVE_VERB,
    INTRANSITIVE_VERB,
    ADVERB,
    PREPOSITION,
    DETERMINER
  }
}
