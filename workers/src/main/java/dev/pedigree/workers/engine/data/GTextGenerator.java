package dev.pedigree.workers.engine.data;

import dev.pedigree.workers.engine.data.Word.PartOfSpeech;
import java.util.List;

/**
 * G-text (METHODS.md §3): documents of template "English" from a small probabilistic grammar over {@link Lexicon}.
 * Document {@code i} depends only on the seed and {@code i}, so any document can be produced on its own.
 */
public final class GTextGenerator implements DocumentGenerator {
  private static final int MAX_NESTING = 1;

  private final long seed;
  private final Lexicon lexicon;

  public GTextGenerator(long seed) {
    this(seed, Lexicon.standard());
  }

  public GTextGenerator(long seed, Lexicon lexicon) {
    this.seed = seed;
    this.lexicon = lexicon;
  }

  public Lexicon lexicon() {
    return lexicon;
  }

  /** Two to six sentences on one line, ending with a newline. */
  @Override
  public String document(long index) {
    SplitMix64 random = SplitMix64.forStream(seed, index);
    int sentences = 2 + random.nextInt(5);
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < sentences; i++) {
      if (i > 0) {
        text.append(' ');
      }
      String sentence = clause(random, 0);
      text.append(Character.toUpperCase(sentence.charAt(0))).append(sentence, 1, sentence.length()).append('.');
    }
    return text.append('\n').toString();
  }

  private String clause(SplitMix64 random, int depth) {
    String subject = nounPhrase(random, depth);
    double choice = random.nextDouble();
    if (choice < 0.40) {
      return subject + " " + pick(random, PartOfSpeech.TRANSITIVE_VERB) + " " + nounPhrase(random, depth);
    } else if (choice < 0.65) {
      String predicate = subject + " " + pick(random, PartOfSpeech.INTRANSITIVE_VERB);
      return random.nextInt(2) == 0 ? predicate : predicate + " " + pick(random, PartOfSpeech.ADVERB);
    } else if (choice < 0.85 || depth >= MAX_NESTING) {
      return subject + " is " + pick(random, PartOfSpeech.ADJECTIVE);
    }
    return subject + " " + pick(random, PartOfSpeech.TRANSITIVE_VERB) + " " + nounPhrase(random, depth)
        + " because " + clause(random, depth + 1);
  }

  private String nounPhrase(SplitMix64 random, int depth) {
    if (random.nextDouble() < 0.25) {
      return pick(random, PartOfSpeech.NAME);
    }
    String noun = pick(random, PartOfSpeech.NOUN);
    String head = random.nextDouble() < 0.4 ? pick(random, PartOfSpeech.ADJECTIVE) + " " + noun : noun;
    String determiner = pick(random, PartOfSpeech.DETERMINER);
    if (determiner.equals("a") && "aeiou".indexOf(head.charAt(0)) >= 0) {
      determiner = "an";
    }
    String phrase = determiner + " " + head;
    if (depth < MAX_NESTING && random.nextDouble() < 0.15) {
      phrase += " " + pick(random, PartOfSpeech.PREPOSITION) + " " + nounPhrase(random, depth + 1);
    }
    return phrase;
  }

  private String pick(SplitMix64 random, PartOfSpeech partOfSpeech) {
    List<Word> words = lexicon.words(partOfSpeech);
    return words.get(random.nextInt(words.size())).text();
  }
}
