package dev.pedigree.workers.engine.rl;

/**
 * GRPO's critic-free advantages: each completion's reward standardized within its group (the completions of one
 * prompt), {@code (r - mean) / (std + 1e-4)} with the sample standard deviation. A group whose rewards are all equal
 * gets zero advantages, so it teaches nothing.
 */
public final class GroupAdvantages {
  static final double EPSILON = 1e-4;

  private GroupAdvantages() {}

  /** @param rewards consecutive groups of {@code groupSize} completions each */
  public static double[] of(double[] rewards, int groupSize) {
    if (groupSize < 2 || rewards.length % groupSize != 0) {
      throw new IllegalArgumentException(rewards.length + " rewards do not split into groups of " + groupSize);
    }
    double[] advantages = new double[rewards.length];
    for (int start = 0; start < rewards.length; start += groupSize) {
      double mean = 0;
      for (int i = start; i < start + groupSize; i++) {
        mean += rewards[i];
      }
      mean /= groupSize;
      double squares = 0;
      for (int i = start; i < start + groupSize; i++) {
        squares += (rewards[i] - mean) * (rewards[i] - mean);
      }
      double std = Math.sqrt(squares / (groupSize - 1));
      for (int i = start; i < start + groupSize; i++) {
        advantages[i] = (rewards[i] - mean) / (std + EPSILON);
      }
    }
    return advantages;
  }
}
