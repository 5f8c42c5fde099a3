package dev.pedigree.workers.engine.optim;

/**
 * Linear warmup to {@code peak} over {@code warmupSteps}, then cosine decay to a tenth of the peak at the last step.
 * Steps are 0-based indices of the optimizer step about to be taken.
 */
public record LearningRateSchedule(double peak, long warmupSteps, long totalSteps) {
  public static final double FLOOR_FRACTION = 0.1;

  public LearningRateSchedule {
    if (warmupSteps < 0 || totalSteps < 1 || warmupSteps > totalSteps) {
      throw new IllegalArgumentException(
          "need 0 <= warmupSteps <= totalSteps and totalSteps >= 1, got " + warmupSteps + ", " + totalSteps);
    }
  }

  public double at(long step) {
    if (step < warmupSteps) {
      return peak * (step + 1) / (warmupSteps + 1);
    }
    long decaySteps = totalSteps - 1 - warmupSteps;
    double progress = decaySteps <= 0 ? 0.0 : Math.min(1.0, (double) (step - warmupSteps) / decaySteps);
    double floor = FLOOR_FRACTION * peak;
    return floor + 0.5 * (1.0 + Math.cos(Math.PI * progress)) * (peak - floor);
  }
}
