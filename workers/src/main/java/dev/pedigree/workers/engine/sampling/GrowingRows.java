package dev.pedigree.workers.engine.sampling;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The tokens each row of a batched generation has generated so far; a row stops growing at the stop token. */
final class GrowingRows {
  private final int[][] tokens;
  private final int[] sizes;
  private final boolean[] stopped;
  private final SamplingOptions options;

  GrowingRows(int rows, SamplingOptions options) {
    this.tokens = new int[rows][options.maxNewTokens()];
    this.sizes = new int[rows];
    this.stopped = new boolean[rows];
    this.options = options;
  }

  /**
   * Adds each row's token from {@code next} unless the row has stopped, in which case its entry in {@code next} becomes
   * padding; returns which rows took a token.
   */
  boolean[] add(long[] next) {
    boolean[] took = new boolean[tokens.length];
    for (int row = 0; row < tokens.length; row++) {
      if (stopped[row]) {
        next[row] = PaddedRows.PAD_TOKEN;
      } else {
        int token = (int) next[row];
        tokens[row][sizes[row]++] = token;
        stopped[row] = options.stopToken().isPresent() && options.stopToken().getAsInt() == token;
        took[row] = true;
      }
    }
    return took;
  }

  boolean allStopped() {
    for (boolean rowStopped : stopped) {
      if (!rowStopped) {
        return false;
      }
    }
    return true;
  }

  List<Completion> completions() {
    List<Completion> completions = new ArrayList<>();
    for (int row = 0; row < tokens.length; row++) {
      completions.add(new Completion(Arrays.copyOf(tokens[row], sizes[row]), stopped[row]));
    }
    return completions;
  }
}
