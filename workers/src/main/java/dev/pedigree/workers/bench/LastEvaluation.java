package dev.pedigree.workers.bench;

import dev.pedigree.workers.engine.EvalMetrics;
import dev.pedigree.workers.engine.TrainingListener;
import java.util.Locale;

/** The last validation bits per byte and task accuracy a job or an evaluation reported; NaN until reported. */
final class LastEvaluation implements TrainingListener {
  private final boolean printProgress;
  private double bitsPerByte = Double.NaN;
  private double accuracy = Double.NaN;

  /** @param printProgress whether to print each task evaluation, with the bits per byte before it, as it comes */
  LastEvaluation(boolean printProgress) {
    this.printProgress = printProgress;
  }

  @Override
  public void onEval(EvalMetrics metrics) {
    bitsPerByte = metrics.valBitsPerByte();
  }

  @Override
  public void onTaskEval(long step, String task, double taskAccuracy) {
    accuracy = taskAccuracy;
    if (printProgress) {
      System.out.printf(Locale.ROOT, "  step %d: bpb %.4f, %s accuracy %.3f%n", step, bitsPerByte, task, accuracy);
    }
  }

  double bitsPerByte() {
    return bitsPerByte;
  }

  double accuracy() {
    return accuracy;
  }
}
