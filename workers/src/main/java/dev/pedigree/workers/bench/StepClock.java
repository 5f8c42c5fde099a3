package dev.pedigree.workers.bench;

import dev.pedigree.workers.engine.StepMetrics;
import dev.pedigree.workers.engine.TrainingListener;
import java.util.Arrays;

/**
 * Wall-clock time of each training step after the warm-up: the time between consecutive {@code onStep} calls, so
 * everything the loop does per step counts (batching, forward, backward, clipping, AdamW, listener).
 */
final class StepClock implements TrainingListener {
  private final int warmupSteps;
  private final double[] seconds;
  private long previous;

  StepClock(int warmupSteps, int measuredSteps) {
    this.warmupSteps = warmupSteps;
    this.seconds = new double[measuredSteps];
  }

  @Override
  public void onStep(StepMetrics metrics) {
    long now = System.nanoTime();
    long index = metrics.step() - warmupSteps - 1;
    if (index >= 0 && index < seconds.length) {
      seconds[(int) index] = (now - previous) / 1e9;
    }
    previous = now;
  }

  /** Tokens per second of each window of {@code windowSteps} consecutive measured steps. */
  double[] windowRates(long tokensPerStep, int windowSteps) {
    int windows = seconds.length / windowSteps;
    double[] rates = new double[windows];
    for (int w = 0; w < windows; w++) {
      double total = Arrays.stream(seconds, w * windowSteps, (w + 1) * windowSteps).sum();
      rates[w] = tokensPerStep * windowSteps / total;
    }
    return rates;
  }
}
