package dev.pedigree.workers.engine.merge;

import java.util.List;
import java.util.function.IntConsumer;
import java.util.function.IntFunction;
import java.util.stream.IntStream;

/**
 * Element-wise work on a tensor split into contiguous ranges, one per core, run in parallel. Results come back in range
 * order, so a caller that combines them in that order gets the same answer whatever the number of cores.
 */
record ElementRanges(int size, int count) {
  /** Smaller tensors stay on the calling thread: handing so little work to another costs more than it saves. */
  private static final int MIN_RANGE = 1 << 16;

  static ElementRanges of(int size) {
    int cores = Runtime.getRuntime().availableProcessors();
    return new ElementRanges(size, Math.max(1, Math.min(cores, size / MIN_RANGE)));
  }

  int start(int range) {
    return (int) ((long) size * range / count);
  }

  int end(int range) {
    return start(range + 1);
  }

  <T> List<T> map(IntFunction<T> work) {
    return count == 1 ? List.of(work.apply(0)) : IntStream.range(0, count).parallel().mapToObj(work).toList();
  }

  void forEach(IntConsumer work) {
    if (count == 1) {
      work.accept(0);
    } else {
      IntStream.range(0, count).parallel().forEach(work);
    }
  }
}
