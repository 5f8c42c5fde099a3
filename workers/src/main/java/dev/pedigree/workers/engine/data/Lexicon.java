package dev.pedigree.workers.engine.data;

import dev.pedigree.workers.engine.data.Word.PartOfSpeech;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** The words of G-text by part of speech, some tagged positive or negative. */
public final class Lexicon {
  private static final Lexicon STANDARD = build();

  private final Map<String, Word> byText;
  private final Map<PartOfSpeech, List<Word>> byPartOfSpeech;

  private Lexicon(List<Word> words) {
    Map<String, Word> texts = new LinkedHashMap<>();
    Map<PartOfSpeech, List<Word>> parts = new EnumMap<>(PartOfSpeech.class);
    for (Word word : words) {
      if (texts.put(word.text(), word) != null) {
        throw new IllegalArgumentException("duplicate word: " + word.text());
      }
      parts.computeIfAbsent(word.partOfSpeech(), part -> new ArrayList<>()).add(word);
    }
    parts.replaceAll((part, list) -> List.copyOf(list));
    this.byText = Collections.unmodifiableMap(texts);
    this.byPartOfSpeech = Collections.unmodifiableMap(parts);
  }

  public static Lexicon standard() {
    return STANDARD;
  }

  private static Lexicon build() {
    List<Word> words = new ArrayList<>();
    add(words, PartOfSpeech.NAME, Sentiment.NEUTRAL,
        "Alice", "Bruno", "Clara", "David", "Emma", "Felix", "Grace", "Hugo", "Iris", "Jonas", "Kira", "Liam", "Mara",
        "Nora", "Oscar", "Pia");
    add(words, PartOfSpeech.NOUN, Sentiment.NEUTRAL,
        "cat", "dog", "bird", "farmer", "teacher", "child", "king", "queen", "robot", "sailor", "baker", "fox", "horse",
        "doctor", "painter", "wizard", "garden", "river", "house", "city", "forest", "book", "song", "ship", "bridge",
        "market", "tower", "lamp", "letter", "road", "field", "castle", "apple", "island", "window", "village");
    add(words, PartOfSpeech.ADJECTIVE, Sentiment.NEUTRAL,
        "small", "old", "red", "tall", "quiet", "green", "young", "round", "blue", "heavy", "wooden", "distant");
    add(words, PartOfSpeech.ADJECTIVE, Sentiment.POSITIVE,
        "happy", "kind", "bright", "brave", "gentle", "wonderful", "clever", "warm", "beautiful", "friendly");
    add(words, PartOfSpeech.ADJECTIVE, Sentiment.NEGATIVE,
        "sad", "cruel", "dark", "angry", "terrible", "cold", "lazy", "ugly", "rude", "gloomy");
    add(words, PartOfSpeech.TRANSITIVE_VERB, Sentiment.NEUTRAL,
        "sees", "finds", "carries", "visits", "watches", "follows", "builds", "opens", "paints", "counts");
    add(words, PartOfSpeech.TRANSITIVE_VERB, Sentiment.POSITIVE,
        "loves", "helps", "admires", "praises", "protects", "enjoys");
    add(words, PartOfSpeech.TRANSITIVE_VERB, Sentiment.NEGATIVE,
        "hates", "fears", "breaks", "ruins", "attacks", "ignores");
    add(words, PartOfSpeech.INTRANSITIVE_VERB, Sentiment.NEUTRAL, "sleeps", "runs", "waits", "walks", "sits");
    add(words, PartOfSpeech.INTRANSITIVE_VERB, Sentiment.POSITIVE, "laughs", "smiles", "sings");
    add(words, PartOfSpeech.INTRANSITIVE_VERB, Sentiment.NEGATIVE, "cries", "complains", "sulks");
    add(words, PartOfSpeech.ADVERB, Sentiment.NEUTRAL, "slowly", "quickly", "often", "rarely", "quietly", "today");
    add(words, PartOfSpeech.ADVERB, Sentiment.POSITIVE, "happily", "gladly", "kindly");
    add(words, PartOfSpeech.ADVERB, Sentiment.NEGATIVE, "sadly", "angrily", "badly");
    add(words, PartOfSpeech.PREPOSITION, Sentiment.NEUTRAL,
        "near", "under", "behind", "beside", "across", "inside", "above");
    add(words, PartOfSpeech.DETERMINER, Sentiment.NEUTRAL, "the", "a", "every", "this", "that", "one");
    return new Lexicon(words);
  }

  public List<Word> words(PartOfSpeech partOfSpeech) {
    return byPartOfSpeech.getOrDefault(partOfSpeech, List.of());
  }

  public Optional<Word> lookup(String text) {
    return Optional.ofNullable(byText.get(text));
  }

  /** Positive minus negative words in {@code text} (case-insensitive for the first word of a sentence). */
  public int sentimentScore(String text) {
    int score = 0;
    for (String token : text.split("[^A-Za-z]+")) {
      Word word = byText.get(token);
      if (word == null && !token.isEmpty()) {
        word = byText.get(token.substring(0, 1).toLowerCase(Locale.ROOT) + token.substring(1));
      }
      if (word != null) {
        score += switch (word.sentiment()) {
          case POSITIVE -> 1;
          case NEGATIVE -> -1;
          case NEUTRAL -> 0;
        };
      }
    }
    return score;
  }

  private static void add(List<Word> words, PartOfSpeech partOfSpeech, Sentiment sentiment, String... texts) {
    for (String text : texts) {
      words.add(new Word(text, partOfSpeech, sentiment));
    }
  }
}
