package dev.pedigree.workers.engine.data;

import java.nio.charset.StandardCharsets;

/** Byte-level tokens: each UTF-8 byte is a token id in {@code [0, 256)}. */
public final class ByteTokenizer {
  public static final int VOCAB_SIZE = 256;

  private ByteTokenizer() {}

  public static byte[] encode(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  public static String decode(byte[] tokens) {
    return new String(tokens, StandardCharsets.UTF_8);
  }

  public static int tokenId(byte token) {
    return token & 0xFF;
  }
}
