package dev.pedigree.workers.engine.tokenizer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * GPT-2's byte-level conventions, as Hugging Face's {@code ByteLevel} pre-tokenizer and decoder apply them: text is
 * split into pieces by GPT-2's regex (merges never cross a piece), and each byte is written as a printable character
 * so that token strings in {@code tokenizer.json} are text.
 */
final class ByteLevel {
  private static final Pattern PIECES = Pattern.compile(
      "'s|'t|'re|'ve|'m|'ll|'d| ?\\p{L}+| ?\\p{N}+| ?[^\\s\\p{L}\\p{N}]+|\\s+(?!\\S)|\\s+",
      Pattern.UNICODE_CHARACTER_CLASS);
  private static final char[] BYTE_TO_CHAR = byteToChar();
  private static final int[] CHAR_TO_BYTE = charToByte();

  private ByteLevel() {}

  static List<String> pieces(String text) {
    List<String> pieces = new ArrayList<>();
    Matcher matcher = PIECES.matcher(text);
    while (matcher.find()) {
      pieces.add(matcher.group());
    }
    return pieces;
  }

  static String toChars(byte[] bytes) {
    StringBuilder text = new StringBuilder(bytes.length);
    for (byte b : bytes) {
      text.append(BYTE_TO_CHAR[b & 0xFF]);
    }
    return text.toString();
  }

  static byte[] toBytes(String chars) {
    byte[] bytes = new byte[chars.length()];
    for (int i = 0; i < chars.length(); i++) {
      bytes[i] = (byte) byteOf(chars.charAt(i));
    }
    return bytes;
  }

  private static int byteOf(char c) {
    if (c >= CHAR_TO_BYTE.length || CHAR_TO_BYTE[c] < 0) {
      throw new IllegalArgumentException("not a byte-level character: U+" + Integer.toHexString(c));
    }
    return CHAR_TO_BYTE[c];
  }

  /** GPT-2's {@code bytes_to_unicode}: printable bytes stand for themselves, the rest map to U+0100 onwards. */
  private static char[] byteToChar() {
    char[] table = new char[256];
    int next = 256;
    for (int b = 0; b < 256; b++) {
      boolean printable = (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);
      table[b] = (char) (printable ? b : next++);
    }
    return table;
  }

  private static int[] charToByte() {
    int[] table = new int[512];
    Arrays.fill(table, -1);
    for (int b = 0; b < 256; b++) {
      table[BYTE_TO_CHAR[b]] = b;
    }
    return table;
  }
}
