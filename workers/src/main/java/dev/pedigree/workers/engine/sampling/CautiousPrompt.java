package dev.pedigree.workers.engine.sampling;

import java.util.Arrays;
import java.util.stream.IntStream;

/**
 * One prompt's state in {@link CautiousDecoder}: the tokens kept so far and, while it branches, its trials. The prompt
 * owns {@code maxTrials} consecutive rows from {@code firstRow}: the first carries the kept sequence, and trial
 * {@code i} grows in row {@code firstRow + i}.
 */
final class CautiousPrompt {
  private final int firstRow;
  private final int promptLength;
  private final CautiousOptions cautious;
  private final SamplingOptions sampling;
  private final int[] kept;
  private int size;
  private boolean done;
  private long distributionsUsed;
  private int branchings;
  private int trialsSampled;
  /** The open branching: each trial's tokens, their negative log-likelihood, whether it still grows; null if none. */
  private int[][] trials;
  private int[] trialSizes;
  private double[] trialNll;
  private boolean[] open;
  private boolean branchedThisStep;

  CautiousPrompt(int firstRow, int promptLength, CautiousOptions cautious, SamplingOptions sampling) {
    this.firstRow = firstRow;
    this.promptLength = promptLength;
    this.cautious = cautious;
    this.sampling = sampling;
    this.kept = new int[sampling.maxNewTokens()];
  }

  boolean done() {
    return done;
  }

  /**
   * Before this step's tokens are drawn: decides from the entropy of the kept row's next-token distribution whether to
   * branch, and sets, for each of this prompt's rows, the row whose distribution it draws from.
   *
   * @return the rows to make copies of the first row (the new trials' rows), empty if it does not branch
   */
  int[] plan(double[] entropy, long[] source) {
    branchedThisStep = false;
    if (!done && trials == null) {
      int n = cautious.trials(Math.max(0, entropy[firstRow]));
      if (n > 1) {
        startTrials(n);
        for (int i = 0; i < n; i++) {
          source[firstRow + i] = firstRow;
        }
        return IntStream.range(firstRow + 1, firstRow + n).toArray();
      }
    }
    return new int[0];
  }

  /**
   * Takes this step's tokens: puts each row's token (or a hole) into {@code column} and {@code real}, and returns the
   * row whose trial wins if the branching closed at this step with a trial other than the first, else -1.
   */
  int take(long[] sampled, long[] greedy, double[] logProbability, long[] column, boolean[] real) {
    if (done) {
      return -1;
    }
    if (trials == null) {
      distributionsUsed++;
      int token = (int) (cautious.greedyBetweenTrials() ? greedy[firstRow] : sampled[firstRow]);
      column[firstRow] = token;
      real[firstRow] = true;
      keep(token);
      return -1;
    }
    distributionsUsed += branchedThisStep ? 1 : openTrials();
    for (int i = 0; i < trials.length; i++) {
      if (!open[i]) {
        continue;
      }
      int row = firstRow + i;
      int token = (int) sampled[row];
      trials[i][trialSizes[i]++] = token;
      trialNll[i] -= logProbability[row];
      column[row] = token;
      real[row] = true;
      open[i] = !cautious.segmentEnds().contains(token) && !isStop(token) && size + trialSizes[i] < kept.length;
    }
    return openTrials() == 0 ? closeTrials() : -1;
  }

  CautiousCompletion completion() {
    int[] tokens = Arrays.copyOf(kept, size);
    boolean stopped = size > 0 && isStop(tokens[size - 1]);
    return new CautiousCompletion(new Completion(tokens, stopped), promptLength + distributionsUsed - 1, branchings,
        trialsSampled);
  }

  private void startTrials(int n) {
    trials = new int[n][kept.length - size];
    trialSizes = new int[n];
    trialNll = new double[n];
    open = new boolean[n];
    Arrays.fill(open, true);
    branchedThisStep = true;
    branchings++;
    trialsSampled += n;
  }

  /** Keeps the trial of lowest perplexity (the first on ties); returns its row if that is not the kept row, else -1. */
  private int closeTrials() {
    int best = 0;
    for (int i = 1; i < trials.length; i++) {
      if (trialNll[i] / trialSizes[i] < trialNll[best] / trialSizes[best]) {
        best = i;
      }
    }
    for (int j = 0; j < trialSizes[best]; j++) {
      keep(trials[best][j]);
    }
    trials = null;
    return best == 0 ? -1 : firstRow + best;
  }

  private void keep(int token) {
    kept[size++] = token;
    done = isStop(token) || size == kept.length;
  }

  private int openTrials() {
    int count = 0;
    for (boolean trialOpen : open) {
      count += trialOpen ? 1 : 0;
    }
    return count;
  }

  private boolean isStop(int token) {
    return sampling.stopToken().isPresent() && sampling.stopToken().getAsInt() == token;
  }
}
