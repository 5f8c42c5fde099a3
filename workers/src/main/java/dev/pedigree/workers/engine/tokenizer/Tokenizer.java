package dev.pedigree.workers.engine.tokenizer;

import dev.pedigree.workers.engine.data.Sha256;

/** Text to token ids and back. Every tokenizer here is byte-level, so decoding the encoding of any text gives it back. */
public interface Tokenizer {
  int vocabSize();

  int[] encode(String text);

  String decode(int[] ids);

  /** How many bytes of UTF-8 text token {@code id} stands for; bits per byte divide by the sum of these. */
  int byteLength(int id);

  /** The bytes token {@code id} stands for, which may be part of a UTF-8 character. */
  byte[] tokenBytes(int id);

  /** This tokenizer as a Hugging Face {@code tokenizer.json}, byte for byte what {@link TokenizerJson#save} writes. */
  byte[] toJson();

  /** The sha256 of {@link #toJson()}, so of the saved {@code tokenizer.json} file. */
  default String sha256() {
    return Sha256.of(toJson());
  }
}
