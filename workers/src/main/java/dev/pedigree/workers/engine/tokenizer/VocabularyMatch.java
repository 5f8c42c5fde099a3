package dev.pedigree.workers.engine.tokenizer;

import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * How a new tokenizer's vocabulary maps onto an old one's: each new token either spells the same bytes as an old
 * token (a shared token, the anchors of a transplant) or is new, with the old tokenizer's encoding of its bytes.
 *
 * @param oldIds for each new token id, the old id with the same bytes, or -1 for a token the old vocabulary lacks
 * @param oldEncodings for each new token id, the old tokenizer's ids for its bytes taken as one piece
 */
public record VocabularyMatch(int[] oldIds, int[][] oldEncodings) {
  public static VocabularyMatch of(Tokenizer oldTokenizer, Tokenizer newTokenizer) {
    BpeTokenizer old = BpeTokenizer.of(oldTokenizer);
    BpeTokenizer current = BpeTokenizer.of(newTokenizer);
    Map<ByteBuffer, Integer> oldIdByBytes = new HashMap<>();
    for (int id = 0; id < old.vocabSize(); id++) {
      oldIdByBytes.putIfAbsent(ByteBuffer.wrap(old.tokenBytes(id)), id);
    }
    int[] oldIds = new int[current.vocabSize()];
    int[][] oldEncodings = new int[current.vocabSize()][];
    for (int id = 0; id < oldIds.length; id++) {
      byte[] bytes = current.tokenBytes(id);
      oldIds[id] = oldIdByBytes.getOrDefault(ByteBuffer.wrap(bytes), -1);
      oldEncodings[id] = old.encodePiece(bytes);
    }
    return new VocabularyMatch(oldIds, oldEncodings);
  }

  public int newVocabSize() {
    return oldIds.length;
  }

  public boolean isShared(int newId) {
    return oldIds[newId] >= 0;
  }

  /** The new ids of the shared tokens, in id order. */
  public int[] sharedNewIds() {
    return IntStream.range(0, oldIds.length).filter(this::isShared).toArray();
  }
}
