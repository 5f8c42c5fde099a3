package dev.pedigree.workers.engine.distill;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pedigree.workers.engine.tokenizer.BpeTrainer;
import dev.pedigree.workers.engine.tokenizer.ByteTokenizer;
import dev.pedigree.workers.engine.tokenizer.Tokenizer;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Byte students against a hand-made teacher vocabulary ("the", " the", " cat", " é", "!" and the 256 bytes, matched
 * longest first), so every chunk is known by hand; then a trained BPE teacher, where each chunk must cover the same
 * bytes on both sides.
 */
class ChunkAlignmentTest {
  private static final Tokenizer BYTES = ByteTokenizer.INSTANCE;
  private static final Tokenizer WORDS = new LongestMatch(List.of("the", " the", " cat", " é", "!"));

  private static int[] bytes(String text) {
    return BYTES.encode(text);
  }

  @Test
  void chunksRunBetweenCommonBoundariesAndTheOneCutByTheWindowEndIsDropped() {
    // "the cat é!": the teacher's tokens "the" | " cat" | " é" (2-byte é) | "!" end at bytes 3, 7, 10, 11.
    ChunkAlignment alignment = ChunkAlignment.of(bytes("the cat é!"), BYTES, WORDS, 100);

    assertThat(alignment.teacherTokens()).hasSize(4);
    assertThat(alignment.chunks()).isEqualTo(2);
    // "the" precedes the first common boundary (the teacher does not predict its first token); "!" ends the window.
    assertThat(alignment.studentChunks()).containsExactly(-1, -1, -1, 0, 0, 0, 0, 1, 1, 1, -1);
    assertThat(alignment.teacherChunks()).containsExactly(0, 1, -1);
  }

  @Test
  void aWindowStartingInsideACharacterIsReadFromTheNextCharacter() {
    byte[] text = "é! the cat".getBytes(StandardCharsets.UTF_8);
    int[] window = BYTES.encode(new String(text, StandardCharsets.UTF_8));
    int[] fromSecondByte = Arrays.copyOfRange(window, 1, window.length);

    ChunkAlignment alignment = ChunkAlignment.of(fromSecondByte, BYTES, WORDS, 100);

    // The teacher reads "! the cat": "!" | " the" | " cat", ending at window bytes 2, 6, 10 (10 is the window's end).
    assertThat(alignment.teacherTokens()).hasSize(3);
    assertThat(alignment.chunks()).isEqualTo(1);
    assertThat(alignment.studentChunks()).containsExactly(-1, -1, 0, 0, 0, 0, -1, -1, -1, -1);
    assertThat(alignment.teacherChunks()).containsExactly(0, -1);
  }

  @Test
  void aWindowEndingInsideACharacterLeavesItsBytesOut() {
    int[] window = bytes("the cat é");
    int[] withoutLastByte = Arrays.copyOf(window, window.length - 1);

    ChunkAlignment alignment = ChunkAlignment.of(withoutLastByte, BYTES, WORDS, 100);

    // The teacher reads "the cat ": "the" | " cat" | " "; the space ends where the whole characters do.
    assertThat(alignment.chunks()).isEqualTo(1);
    assertThat(alignment.studentChunks()).containsExactly(-1, -1, -1, 0, 0, 0, 0, -1, -1);
    assertThat(alignment.teacherChunks()).containsExactly(0, -1);
  }

  @Test
  void chunksStopWhereTheTeachersContextEnds() {
    ChunkAlignment alignment = ChunkAlignment.of(bytes("the cat é!"), BYTES, WORDS, 2);

    assertThat(alignment.teacherTokens()).hasSize(2);
    assertThat(alignment.chunks()).isEqualTo(1);
    assertThat(alignment.studentChunks()).containsExactly(-1, -1, -1, 0, 0, 0, 0, -1, -1, -1, -1);
    assertThat(alignment.teacherChunks()).containsExactly(0);
  }

  @Test
  void aSubwordStudentAlignsWithAnotherSubwordTeacher() {
    Tokenizer student = new LongestMatch(List.of("th", "e c", "at"));
    // Student: "!" | "th" | "e c" | "at" | " " | é's 2 bytes | "!" end at 1, 3, 6, 8, 9, 10, 11, 12;
    // teacher: "!" | "the" | " cat" | " é" | "!" at 1, 4, 8, 11, 12.
    ChunkAlignment alignment = ChunkAlignment.of(student.encode("!the cat é!"), student, WORDS, 100);

    assertThat(alignment.chunks()).isEqualTo(2);
    assertThat(alignment.studentChunks()).containsExactly(-1, 0, 0, 0, 1, 1, 1, -1);
    assertThat(alignment.teacherChunks()).containsExactly(0, 0, 1, -1);
  }

  @Test
  void everyChunkCoversTheSameBytesOnBothSidesWithATrainedBpeTeacher() {
    BpeTrainer trainer = new BpeTrainer();
    String corpus = "the café serves crème brûlée to the cat; the cat naps. Q: 37+48 = <a>85</a>\n";
    for (int i = 0; i < 20; i++) {
      trainer.add(corpus);
    }
    Tokenizer teacher = trainer.train(300);
    int[] window = Arrays.copyOfRange(bytes(corpus + corpus), 5, 120);

    ChunkAlignment alignment = ChunkAlignment.of(window, BYTES, teacher, 1000);

    assertThat(alignment.chunks()).isGreaterThan(10);
    int[] teacherTargets = Arrays.copyOfRange(alignment.teacherTokens(), 1, alignment.teacherTokens().length);
    for (int chunk = 0; chunk < alignment.chunks(); chunk++) {
      assertThat(chunkBytes(window, alignment.studentChunks(), chunk, BYTES))
          .as("chunk %d", chunk)
          .isEqualTo(chunkBytes(teacherTargets, alignment.teacherChunks(), chunk, teacher))
          .isNotEmpty();
    }
  }

  @Test
  void commonBoundariesLeaveOutTheCutAndWhatLiesPastIt() {
    assertThat(ChunkAlignment.commonBoundaries(new int[] {1, 2, 4, 6, 8}, new int[] {2, 3, 6, 8}, 8))
        .containsExactly(2, 6);
    assertThat(ChunkAlignment.chunksOf(new int[] {1, 2, 4, 6, 8}, new int[] {2, 6}, 1))
        .containsExactly(-1, -1, 0, 0, -1);
  }

  private static byte[] chunkBytes(int[] tokens, int[] chunkOf, int chunk, Tokenizer tokenizer) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    for (int i = 0; i < tokens.length; i++) {
      if (chunkOf[i] == chunk) {
        bytes.writeBytes(tokenizer.tokenBytes(tokens[i]));
      }
    }
    return bytes.toByteArray();
  }

  /** The 256 bytes as ids 0 to 255, then {@code words}; text is encoded by the longest word at each byte. */
  private static final class LongestMatch implements Tokenizer {
    private final List<byte[]> vocabulary = new ArrayList<>();

    LongestMatch(List<String> words) {
      for (int b = 0; b < 256; b++) {
        vocabulary.add(new byte[] {(byte) b});
      }
      words.forEach(word -> vocabulary.add(word.getBytes(StandardCharsets.UTF_8)));
    }

    @Override
    public int vocabSize() {
      return vocabulary.size();
    }

    @Override
    public int[] encode(String text) {
      byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
      List<Integer> ids = new ArrayList<>();
      for (int at = 0; at < bytes.length; ) {
        int best = bytes[at] & 0xFF;
        for (int id = 256; id < vocabulary.size(); id++) {
          byte[] word = vocabulary.get(id);
          if (word.length > vocabulary.get(best).length && at + word.length <= bytes.length
              && Arrays.equals(word, 0, word.length, bytes, at, at + word.length)) {
            best = id;
          }
        }
        ids.add(best);
        at += vocabulary.get(best).length;
      }
      return ids.stream().mapToInt(Integer::intValue).toArray();
    }

    @Override
    public String decode(int[] ids) {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      Arrays.stream(ids).forEach(id -> bytes.writeBytes(vocabulary.get(id)));
      return bytes.toString(StandardCharsets.UTF_8);
    }

    @Override
    public int byteLength(int id) {
      return vocabulary.get(id).length;
    }

    @Override
    public byte[] tokenBytes(int id) {
      return vocabulary.get(id).clone();
    }

    @Override
    public byte[] toJson() {
      return decode(java.util.stream.IntStream.range(0, vocabSize()).toArray()).getBytes(StandardCharsets.UTF_8);
    }
  }
}
