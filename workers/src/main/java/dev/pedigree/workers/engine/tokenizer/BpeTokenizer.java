package dev.pedigree.workers.engine.tokenizer;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Byte-level BPE (GPT-2 style): text is split into pieces by {@link ByteLevel#pieces}, each piece starts as its UTF-8
 * bytes, and the lowest-ranked merge present is applied until none is. Decoding concatenates the tokens' bytes.
 */
public final class BpeTokenizer implements Tokenizer {
  private static final int PIECE_CACHE_LIMIT = 1 << 16;

  private final byte[][] tokens;
  private final int[] byteIds;
  private final List<Merge> merges;
  private final Map<Long, Integer> rankByPair = new HashMap<>();
  private final Map<String, int[]> pieceCache = new ConcurrentHashMap<>();

  /** {@code left} and {@code right} side by side become {@code result}; a merge's rank is its index in the list. */
  public record Merge(int left, int right, int result) {}

  /**
   * @param tokens the bytes of every id; all 256 single bytes must be present
   * @param merges in rank order
   */
  BpeTokenizer(List<byte[]> tokens, List<Merge> merges) {
    this.tokens = tokens.toArray(byte[][]::new);
    this.merges = List.copyOf(merges);
    this.byteIds = new int[256];
    Arrays.fill(byteIds, -1);
    for (int id = 0; id < this.tokens.length; id++) {
      if (this.tokens[id].length == 1) {
        byteIds[this.tokens[id][0] & 0xFF] = id;
      }
    }
    if (Arrays.stream(byteIds).anyMatch(id -> id < 0)) {
      throw new IllegalArgumentException("a byte-level vocabulary must hold all 256 bytes");
    }
    for (int rank = 0; rank < this.merges.size(); rank++) {
      Merge merge = this.merges.get(rank);
      byte[] joined = concat(this.tokens[merge.left()], this.tokens[merge.right()]);
      if (!Arrays.equals(joined, this.tokens[merge.result()])) {
        throw new IllegalArgumentException("merge " + rank + " does not produce token " + merge.result());
      }
      rankByPair.putIfAbsent(pair(merge.left(), merge.right()), rank);
    }
  }

  /** {@code tokenizer} as a byte-level BPE: itself, or for {@link ByteTokenizer} the BPE without merges. */
  static BpeTokenizer of(Tokenizer tokenizer) {
    if (tokenizer instanceof BpeTokenizer bpe) {
      return bpe;
    }
    if (tokenizer instanceof ByteTokenizer) {
      return bytesOnly();
    }
    throw new IllegalArgumentException("not a byte-level tokenizer: " + tokenizer.getClass());
  }

  /** The 256 bytes as ids 0 to 255 and no merges: the same encoding as {@link ByteTokenizer}. */
  static BpeTokenizer bytesOnly() {
    return new BpeTokenizer(singleBytes(), List.of());
  }

  static List<byte[]> singleBytes() {
    List<byte[]> bytes = new ArrayList<>(256);
    for (int b = 0; b < 256; b++) {
      bytes.add(new byte[] {(byte) b});
    }
    return bytes;
  }

  @Override
  public int vocabSize() {
    return tokens.length;
  }

  @Override
  public int[] encode(String text) {
    List<int[]> encoded = new ArrayList<>();
    int total = 0;
    for (String piece : ByteLevel.pieces(text)) {
      int[] ids = pieceCache.get(piece);
      if (ids == null) {
        ids = encodePiece(piece.getBytes(StandardCharsets.UTF_8));
        if (pieceCache.size() >= PIECE_CACHE_LIMIT) {
          pieceCache.clear();
        }
        pieceCache.put(piece, ids);
      }
      encoded.add(ids);
      total += ids.length;
    }
    int[] all = new int[total];
    int at = 0;
    for (int[] ids : encoded) {
      System.arraycopy(ids, 0, all, at, ids.length);
      at += ids.length;
    }
    return all;
  }

  /** The ids of {@code bytes} taken as one piece: any bytes, such as another tokenizer's token. */
  int[] encodePiece(byte[] bytes) {
    int[] symbols = new int[bytes.length];
    for (int i = 0; i < bytes.length; i++) {
      symbols[i] = byteIds[bytes[i] & 0xFF];
    }
    int length = symbols.length;
    while (length > 1) {
      int best = Integer.MAX_VALUE;
      for (int i = 0; i + 1 < length; i++) {
        Integer rank = rankByPair.get(pair(symbols[i], symbols[i + 1]));
        if (rank != null && rank < best) {
          best = rank;
        }
      }
      if (best == Integer.MAX_VALUE) {
        break;
      }
      Merge merge = merges.get(best);
      int kept = 0;
      for (int i = 0; i < length; ) {
        if (i + 1 < length && symbols[i] == merge.left() && symbols[i + 1] == merge.right()) {
          symbols[kept++] = merge.result();
          i += 2;
        } else {
          symbols[kept++] = symbols[i++];
        }
      }
      length = kept;
    }
    return Arrays.copyOf(symbols, length);
  }

  @Override
  public String decode(int[] ids) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    for (int id : ids) {
      bytes.writeBytes(tokens[id]);
    }
    return bytes.toString(StandardCharsets.UTF_8);
  }

  @Override
  public int byteLength(int id) {
    return tokens[id].length;
  }

  @Override
  public byte[] toJson() {
    return TokenizerJson.toJson(this);
  }

  @Override
  public byte[] tokenBytes(int id) {
    return tokens[id].clone();
  }

  List<Merge> merges() {
    return merges;
  }

  static long pair(int left, int right) {
    return ((long) left << 32) | (right & 0xFFFFFFFFL);
  }

  static byte[] concat(byte[] left, byte[] right) {
    byte[] joined = Arrays.copyOf(left, left.length + right.length);
    System.arraycopy(right, 0, joined, left.length, right.length);
    return joined;
  }
}
