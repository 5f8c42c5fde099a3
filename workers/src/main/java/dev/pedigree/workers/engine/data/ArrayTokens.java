package dev.pedigree.workers.engine.data;

import dev.pedigree.workers.engine.tokenizer.Tokenizer;
import java.util.Arrays;
import java.util.List;

/** Tokens held in memory: generated corpora. */
public record ArrayTokens(int[] ids) implements TokenStream {
  /** The documents encoded one by one and concatenated. */
  public static ArrayTokens encode(List<String> documents, Tokenizer tokenizer) {
    int[] ids = new int[1024];
    int length = 0;
    for (String document : documents) {
      int[] encoded = tokenizer.encode(document);
      if (length + encoded.length > ids.length) {
        ids = Arrays.copyOf(ids, Math.max(length + encoded.length, ids.length * 2));
      }
      System.arraycopy(encoded, 0, ids, length, encoded.length);
      length += encoded.length;
    }
    return new ArrayTokens(Arrays.copyOf(ids, length));
  }

  @Override
  public long length() {
    return ids.length;
  }

  @Override
  public int get(long index) {
    return ids[(int) index];
  }
}
