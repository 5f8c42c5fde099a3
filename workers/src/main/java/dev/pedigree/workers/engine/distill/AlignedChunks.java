package dev.pedigree.workers.engine.distill;

import static org.bytedeco.pytorch.global.torch.tensor;
import static org.bytedeco.pytorch.global.torch.zeros;

import dev.pedigree.workers.engine.Batch;
import dev.pedigree.workers.engine.tokenizer.Tokenizer;
import dev.pedigree.workers.engine.torch.Tensors;
import java.util.Arrays;
import org.bytedeco.javacpp.LongPointer;
import org.bytedeco.pytorch.Device;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch.ScalarType;

/**
 * A micro-batch of student windows aligned with one teacher's tokenizer, row by row ({@link ChunkAlignment}), as
 * tensors: the teacher's own tokens of each window, padded at the end (which its causal attention never reads back),
 * and for every student and teacher target the chunk it counts towards, numbered across the batch. Positions outside
 * every chunk, padding included, count towards an extra chunk {@link #chunks()} that sums are cut from.
 *
 * @param teacherBatch the teacher's inputs and targets, {@code (rows, width)}
 * @param studentChunks the chunk of each student target, {@code (rows·length)} int64
 * @param teacherChunks the chunk of each teacher target, {@code (rows·width)} int64
 * @param lastStudentTargets the flat position of each chunk's last student target, {@code (chunks)} int64
 * @param chunks how many chunks the batch has
 */
record AlignedChunks(Batch teacherBatch, Tensor studentChunks, Tensor teacherChunks, Tensor lastStudentTargets,
    int chunks) {

  /** @param targets the student's targets, {@code (rows, length)} int64 */
  static AlignedChunks of(Tensor targets, Tokenizer student, Tokenizer teacher, int teacherContext, Device device) {
    int rows = (int) targets.size(0);
    int length = (int) targets.size(1);
    long[] flat = new long[rows * length];
    new LongPointer(targets.cpu().contiguous().data_ptr_long()).get(flat);
    ChunkAlignment[] alignments = new ChunkAlignment[rows];
    int width = 1;
    for (int row = 0; row < rows; row++) {
      int[] window = Arrays.stream(flat, row * length, (row + 1) * length).mapToInt(id -> (int) id).toArray();
      alignments[row] = ChunkAlignment.of(window, student, teacher, teacherContext + 1);
      width = Math.max(width, alignments[row].teacherTokens().length - 1);
    }
    int chunks = Arrays.stream(alignments).mapToInt(ChunkAlignment::chunks).sum();
    long[] teacherTokens = new long[rows * (width + 1)];
    long[] studentChunks = new long[rows * length];
    long[] teacherChunks = new long[rows * width];
    long[] lastStudentTargets = new long[chunks];
    Arrays.fill(studentChunks, chunks);
    Arrays.fill(teacherChunks, chunks);
    int first = 0;
    for (int row = 0; row < rows; row++) {
      ChunkAlignment alignment = alignments[row];
      for (int i = 0; i < alignment.teacherTokens().length; i++) {
        teacherTokens[row * (width + 1) + i] = alignment.teacherTokens()[i];
      }
      for (int i = 0; i < length; i++) {
        int chunk = alignment.studentChunks()[i];
        if (chunk >= 0) {
          studentChunks[row * length + i] = first + chunk;
          lastStudentTargets[first + chunk] = (long) row * length + i;
        }
      }
      for (int i = 0; i < alignment.teacherChunks().length; i++) {
        int chunk = alignment.teacherChunks()[i];
        if (chunk >= 0) {
          teacherChunks[row * width + i] = first + chunk;
        }
      }
      first += alignment.chunks();
    }
    return new AlignedChunks(Batch.of(teacherTokens, rows, device), indices(studentChunks, device),
        indices(teacherChunks, device), indices(lastStudentTargets, device), chunks);
  }

  /** Per chunk, the sum of {@code values} over the positions {@code chunkOf} assigns to it: {@code (chunks)}. */
  Tensor sumPerChunk(Tensor values, Tensor chunkOf) {
    Tensor sums = zeros(new long[] {chunks + 1L}, Tensors.options(ScalarType.Float, values.device()));
    return sums.index_add(0, chunkOf, values.reshape(-1)).narrow(0, 0, chunks);
  }

  /**
   * {@code perChunk} as a {@code (rows, length)} per-student-target tensor whose mean over targets is its mean over
   * chunks: each chunk's value, scaled by targets per chunk, sits on the chunk's last target.
   */
  Tensor perStudentTarget(Tensor perChunk, long rows, long length) {
    Tensor spread = zeros(new long[] {rows * length}, Tensors.options(ScalarType.Float, perChunk.device()));
    double targetsPerChunk = (double) (rows * length) / Math.max(1, chunks);
    return spread.index_add(0, lastStudentTargets, perChunk.mul(new Scalar(targetsPerChunk)))
        .view(rows, length);
  }

  private static Tensor indices(long[] values, Device device) {
    return tensor(values).to(device, ScalarType.Long);
  }
}
