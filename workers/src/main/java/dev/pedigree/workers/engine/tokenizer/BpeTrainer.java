package dev.pedigree.workers.engine.tokenizer;

import dev.pedigree.workers.engine.tokenizer.BpeTokenizer.Merge;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.TreeMap;

/**
 * Trains a byte-level BPE: count the pre-tokenized pieces of the texts, then repeatedly merge the most frequent
 * adjacent pair (ties to the lowest ids) until the vocabulary reaches the asked size or no pair occurs twice. The
 * result depends only on the multiset of pieces, never on hash order, so the same corpus gives the same file.
 */
public final class BpeTrainer {
  private static final long MIN_PAIR_COUNT = 2;

  private final Map<String, Long> pieceCounts = new HashMap<>();

  public void add(String text) {
    for (String piece : ByteLevel.pieces(text)) {
      pieceCounts.merge(piece, 1L, Long::sum);
    }
  }

  /** A tokenizer of at most {@code vocabSize} tokens: 256 bytes plus one per merge. */
  public BpeTokenizer train(int vocabSize) {
    if (vocabSize < 256) {
      throw new IllegalArgumentException("a byte-level vocabulary needs at least 256 tokens, asked " + vocabSize);
    }
    Words words = new Words(new TreeMap<>(pieceCounts));
    List<byte[]> tokens = BpeTokenizer.singleBytes();
    Map<String, Integer> idByChars = new HashMap<>();
    for (int id = 0; id < tokens.size(); id++) {
      idByChars.put(ByteLevel.toChars(tokens.get(id)), id);
    }
    List<Merge> merges = new ArrayList<>();
    while (tokens.size() < vocabSize) {
      long pair = words.mostFrequentPair();
      if (pair < 0) {
        break;
      }
      int left = (int) (pair >>> 32);
      int right = (int) pair;
      byte[] joined = BpeTokenizer.concat(tokens.get(left), tokens.get(right));
      // Two different pairs can spell the same bytes; they share one token, as in Hugging Face's trainer.
      int result = idByChars.computeIfAbsent(ByteLevel.toChars(joined), chars -> {
        tokens.add(joined);
        return tokens.size() - 1;
      });
      merges.add(new Merge(left, right, result));
      words.merge(pair, result);
    }
    return new BpeTokenizer(tokens, merges);
  }

  /** The distinct pieces as symbol sequences, with the pair counts kept current as merges rewrite them. */
  private static final class Words {
    private final int[][] symbols;
    private final long[] counts;
    private final Map<Long, Long> pairCounts = new HashMap<>();
    private final Map<Long, Set<Integer>> wordsWithPair = new HashMap<>();
    private final PriorityQueue<long[]> queue = new PriorityQueue<>(
        Comparator.<long[]>comparingLong(entry -> -entry[1]).thenComparingLong(entry -> entry[0]));

    Words(TreeMap<String, Long> pieces) {
      symbols = new int[pieces.size()][];
      counts = new long[pieces.size()];
      int word = 0;
      for (Map.Entry<String, Long> piece : pieces.entrySet()) {
        byte[] bytes = piece.getKey().getBytes(StandardCharsets.UTF_8);
        symbols[word] = new int[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
          symbols[word][i] = bytes[i] & 0xFF;
        }
        counts[word] = piece.getValue();
        count(word, +1);
        word++;
      }
      pairCounts.forEach((pair, count) -> queue.add(new long[] {pair, count}));
    }

    /** The pair with the highest count (lowest ids on ties), or -1 when none occurs {@link #MIN_PAIR_COUNT} times. */
    long mostFrequentPair() {
      while (!queue.isEmpty()) {
        long[] entry = queue.poll();
        if (pairCounts.getOrDefault(entry[0], 0L) == entry[1]) {
          return entry[1] >= MIN_PAIR_COUNT ? entry[0] : -1;
        }
      }
      return -1;
    }

    void merge(long pair, int result) {
      int left = (int) (pair >>> 32);
      int right = (int) pair;
      Set<Long> touched = new HashSet<>();
      for (int word : wordsWithPair.remove(pair)) {
        int[] before = symbols[word];
        int[] after = new int[before.length];
        int length = 0;
        for (int i = 0; i < before.length; ) {
          if (i + 1 < before.length && before[i] == left && before[i + 1] == right) {
            after[length++] = result;
            i += 2;
          } else {
            after[length++] = before[i++];
          }
        }
        if (length == before.length) {
          continue;
        }
        touched.addAll(count(word, -1));
        symbols[word] = Arrays.copyOf(after, length);
        touched.addAll(count(word, +1));
      }
      pairCounts.remove(pair);
      touched.remove(pair);
      for (long changed : touched) {
        queue.add(new long[] {changed, pairCounts.getOrDefault(changed, 0L)});
      }
    }

    /** Adds ({@code sign} +1) or removes (-1) the word's pairs from the counts; returns the pairs it has. */
    private List<Long> count(int word, int sign) {
      int[] wordSymbols = symbols[word];
      List<Long> pairs = new ArrayList<>(wordSymbols.length);
      for (int i = 0; i + 1 < wordSymbols.length; i++) {
        long pair = BpeTokenizer.pair(wordSymbols[i], wordSymbols[i + 1]);
        pairCounts.merge(pair, sign * counts[word], Long::sum);
        if (sign > 0) {
          wordsWithPair.computeIfAbsent(pair, key -> new HashSet<>()).add(word);
        }
        pairs.add(pair);
      }
      return pairs;
    }
  }
}
