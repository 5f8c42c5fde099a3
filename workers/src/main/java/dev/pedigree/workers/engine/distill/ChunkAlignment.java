package dev.pedigree.workers.engine.distill;

import dev.pedigree.workers.engine.tokenizer.Tokenizer;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * ALM's aligned chunks (METHODS.md §2.3, tokenkit's "unconstrained" alignment) of one window of student tokens and the
 * teacher's tokenization of the same bytes: a chunk runs from one byte offset where both tokenizations have a token
 * boundary to the next. Every student token here has a student log-probability; the teacher's first token has none
 * (it has no context), so chunks start at the first common boundary, which is past it. The window's end cuts the text
 * mid-token for one tokenizer or both, so a chunk that ends there is dropped, and so is everything past the teacher's
 * context.
 *
 * @param teacherTokens the teacher's tokens of the window's bytes, at most its context + 1 of them
 * @param studentChunks for each student token, the chunk it belongs to, or -1
 * @param teacherChunks for each teacher token after the first (each one the teacher predicts), its chunk, or -1
 * @param chunks how many chunks there are
 */
record ChunkAlignment(int[] teacherTokens, int[] studentChunks, int[] teacherChunks, int chunks) {
  private static final int NO_CHUNK = -1;

  /**
   * @param studentTokens consecutive student tokens, e.g. a window's next-token targets
   * @param maxTeacherTokens how many teacher tokens the teacher can read and predict: its context + 1
   */
  static ChunkAlignment of(int[] studentTokens, Tokenizer student, Tokenizer teacher, int maxTeacherTokens) {
    ByteArrayOutputStream window = new ByteArrayOutputStream();
    int[] studentEnds = new int[studentTokens.length];
    for (int i = 0; i < studentTokens.length; i++) {
      window.writeBytes(student.tokenBytes(studentTokens[i]));
      studentEnds[i] = window.size();
    }
    byte[] bytes = window.toByteArray();
    // A window may start or end inside a multi-byte character; the teacher reads the whole characters between.
    int start = firstCharacterStart(bytes);
    int end = wholeCharactersEnd(bytes);
    int[] encoded = start < end ? teacher.encode(new String(bytes, start, end - start, StandardCharsets.UTF_8))
        : new int[0];
    if (Arrays.stream(encoded).map(teacher::byteLength).sum() != end - start) {
      // Bytes that are not UTF-8 decode to replacement characters, whose offsets would not line up.
      return new ChunkAlignment(new int[0], filled(studentTokens.length), new int[0], 0);
    }
    int[] teacherTokens = Arrays.copyOf(encoded, Math.min(encoded.length, maxTeacherTokens));
    int[] teacherEnds = new int[teacherTokens.length];
    int offset = start;
    for (int i = 0; i < teacherTokens.length; i++) {
      offset += teacher.byteLength(teacherTokens[i]);
      teacherEnds[i] = offset;
    }
    int[] boundaries = commonBoundaries(studentEnds, teacherEnds, end);
    int chunks = Math.max(0, boundaries.length - 1);
    int[] teacherChunks = chunksOf(teacherEnds, boundaries, chunks);
    return new ChunkAlignment(teacherTokens, chunksOf(studentEnds, boundaries, chunks),
        Arrays.copyOfRange(teacherChunks, Math.min(1, teacherChunks.length), teacherChunks.length), chunks);
  }

  /** The offsets that end a token in both tokenizations, ascending, leaving out {@code cut} and anything past it. */
  static int[] commonBoundaries(int[] studentEnds, int[] teacherEnds, int cut) {
    int[] common = new int[Math.min(studentEnds.length, teacherEnds.length)];
    int count = 0;
    for (int s = 0, t = 0; s < studentEnds.length && t < teacherEnds.length; ) {
      if (studentEnds[s] == teacherEnds[t]) {
        if (studentEnds[s] < cut) {
          common[count++] = studentEnds[s];
        }
        s++;
        t++;
      } else if (studentEnds[s] < teacherEnds[t]) {
        s++;
      } else {
        t++;
      }
    }
    return Arrays.copyOf(common, count);
  }

  /** For each token (by its end offset), the chunk {@code k} with {@code boundaries[k] < end ≤ boundaries[k + 1]}. */
  static int[] chunksOf(int[] ends, int[] boundaries, int chunks) {
    int[] chunkOf = filled(ends.length);
    int chunk = 0;
    for (int i = 0; i < ends.length; i++) {
      while (chunk < chunks && ends[i] > boundaries[chunk + 1]) {
        chunk++;
      }
      if (chunk < chunks && ends[i] > boundaries[chunk]) {
        chunkOf[i] = chunk;
      }
    }
    return chunkOf;
  }

  private static int[] filled(int length) {
    int[] values = new int[length];
    Arrays.fill(values, NO_CHUNK);
    return values;
  }

  /** The first byte that is not a UTF-8 continuation byte ({@code 10xxxxxx}). */
  private static int firstCharacterStart(byte[] bytes) {
    int start = 0;
    while (start < bytes.length && isContinuation(bytes[start])) {
      start++;
    }
    return start;
  }

  /** The end of the last character whose bytes are all in {@code bytes}. */
  private static int wholeCharactersEnd(byte[] bytes) {
    int last = bytes.length - 1;
    while (last > 0 && isContinuation(bytes[last])) {
      last--;
    }
    if (last < 0) {
      return 0;
    }
    int lead = bytes[last] & 0xFF;
    int length = lead < 0x80 ? 1 : lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2;
    return last + length <= bytes.length ? bytes.length : last;
  }

  private static boolean isContinuation(byte b) {
    return (b & 0xC0) == 0x80;
  }
}
