package dev.pedigree.workers.engine.merge;

import java.util.Arrays;

/**
 * How fine-tuning on one task moves the loss on each other (METHODS.md §3.4 #2): {@code change[i][j]} is the
 * held-out loss on task j of the base fine-tuned on task i, minus the base's loss on task j. Negative is help, positive
 * is harm; nothing makes it symmetric.
 */
public final class TransferMatrix {
  private final double[][] change;

  private TransferMatrix(double[][] change) {
    this.change = change;
  }

  /**
   * @param baseLoss the base's held-out loss on each task
   * @param fineTunedLoss {@code fineTunedLoss[i][j]}: the loss on task j after fine-tuning on task i
   */
  public static TransferMatrix of(double[] baseLoss, double[][] fineTunedLoss) {
    if (fineTunedLoss.length != baseLoss.length) {
      throw new IllegalArgumentException("need one fine-tune per task: " + fineTunedLoss.length + " for "
          + baseLoss.length + " tasks");
    }
    double[][] change = new double[baseLoss.length][];
    for (int i = 0; i < baseLoss.length; i++) {
      if (fineTunedLoss[i].length != baseLoss.length) {
        throw new IllegalArgumentException("fine-tune " + i + " has " + fineTunedLoss[i].length + " losses, not "
            + baseLoss.length);
      }
      change[i] = new double[baseLoss.length];
      for (int j = 0; j < baseLoss.length; j++) {
        change[i][j] = fineTunedLoss[i][j] - baseLoss[j];
      }
    }
    return new TransferMatrix(change);
  }

  public int size() {
    return change.length;
  }

  /** The loss change on task {@code to} from fine-tuning on task {@code from}. */
  public double at(int from, int to) {
    return change[from][to];
  }

  /** Neither task's fine-tune raises the other's loss. */
  public boolean mutuallyHelpful(int first, int second) {
    return change[first][second] <= 0 && change[second][first] <= 0;
  }

  /** {@code max |M[i][j] − M[j][i]|} over pairs of distinct tasks; 0 for a single task. */
  public double asymmetry() {
    double largest = 0;
    for (int i = 0; i < change.length; i++) {
      for (int j = i + 1; j < change.length; j++) {
        largest = Math.max(largest, Math.abs(change[i][j] - change[j][i]));
      }
    }
    return largest;
  }

  @Override
  public String toString() {
    return Arrays.deepToString(change);
  }
}
