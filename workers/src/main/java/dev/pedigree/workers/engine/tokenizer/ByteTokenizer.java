package dev.pedigree.workers.engine.tokenizer;

import java.nio.charset.StandardCharsets;

/** Byte-level tokens: each UTF-8 byte is a token id in {@code [0, 256)}; a byte-level BPE without merges. */
public final class ByteTokenizer implements Tokenizer {
  public static final int VOCAB_SIZE = 256;
  public static final ByteTokenizer INSTANCE = new ByteTokenizer();

  private ByteTokenizer() {}

  @Override
  public int vocabSize() {
    return VOCAB_SIZE;
  }

  @Override
  public int[] encode(String text) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    int[] ids = new int[bytes.length];
    for (int i = 0; i < bytes.length; i++) {
      ids[i] = bytes[i] & 0xFF;
    }
    return ids;
  }

  @Override
  public String decode(int[] ids) {
    byte[] bytes = new byte[ids.length];
    for (int i = 0; i < ids.length; i++) {
      bytes[i] = (byte) ids[i];
    }
    return new String(bytes, StandardCharsets.UTF_8);
  }

  @Override
  public int byteLength(int id) {
    return 1;
  }

  @Override
  public byte[] tokenBytes(int id) {
    return new byte[] {(byte) id};
  }

  @Override
  public byte[] toJson() {
    return BpeTokenizer.bytesOnly().toJson();
  }
}
