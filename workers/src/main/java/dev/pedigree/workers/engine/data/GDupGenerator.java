package dev.pedigree.workers.engine.data;

import dev.pedigree.workers.engine.data.Word.PartOfSpeech;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * G-dup (METHODS.md §3): near-duplicates drawn from a small pool of G-text documents. Each document is a pool entry,
 * verbatim half of the time, otherwise with one or two words swapped for others of the same part of speech.
 */
public final class GDupGenerator implements DocumentGenerator {
  public static final int DEFAULT_POOL_SIZE = 200;
  private static final long EDIT_STREAM_SALT = 0x6475704564697473L;
  private static final int MAX_TRIES_PER_EDIT = 8;

  private final long seed;
  private final int poolSize;
  private final GTextGenerator pool;

  public GDupGenerator(long seed) {
    this(seed, DEFAULT_POOL_SIZE);
  }

  public GDupGenerator(long seed, int poolSize) {
    if (poolSize < 1) {
      throw new IllegalArgumentException("the pool needs at least one document");
    }
    this.seed = seed;
    this.poolSize = poolSize;
    this.pool = new GTextGenerator(seed);
  }

  /** Which pool document {@code index} copies. */
  public int poolIndex(long index) {
    return SplitMix64.forStream(seed ^ EDIT_STREAM_SALT, index).nextInt(poolSize);
  }

  @Override
  public String document(long index) {
    SplitMix64 random = SplitMix64.forStream(seed ^ EDIT_STREAM_SALT, index);
    String original = pool.document(random.nextInt(poolSize)); // the same first draw as poolIndex
    int edits = random.nextInt(3);
    if (edits == 0) {
      return original;
    }
    String[] tokens = original.split(" ", -1);
    for (int edit = 0; edit < edits; edit++) {
      for (int attempt = 0; attempt < MAX_TRIES_PER_EDIT; attempt++) {
        int at = random.nextInt(tokens.length);
        Optional<String> replaced = swapWord(tokens[at], random);
        if (replaced.isPresent()) {
          tokens[at] = replaced.get();
          break;
        }
      }
    }
    return String.join(" ", tokens);
  }

  /** {@code token} (a word with trailing punctuation) with its word replaced, keeping case and punctuation. */
  private Optional<String> swapWord(String token, SplitMix64 random) {
    int end = token.length();
    while (end > 0 && !Character.isLetter(token.charAt(end - 1))) {
      end--;
    }
    if (end == 0) {
      return Optional.empty();
    }
    String word = token.substring(0, end);
    boolean capitalized = Character.isUpperCase(word.charAt(0));
    Lexicon lexicon = pool.lexicon();
    Optional<Word> entry = lexicon.lookup(word)
        .or(() -> lexicon.lookup(word.substring(0, 1).toLowerCase(Locale.ROOT) + word.substring(1)));
    if (entry.isEmpty() || entry.get().partOfSpeech() == PartOfSpeech.DETERMINER) {
      return Optional.empty();
    }
    List<Word> sameKind = lexicon.words(entry.get().partOfSpeech());
    String swapped = sameKind.get(random.nextInt(sameKind.size())).text();
    if (capitalized) {
      swapped = Character.toUpperCase(swapped.charAt(0)) + swapped.substring(1);
    }
    return Optional.of(swapped + token.substring(end));
  }
}
