package dev.pedigree.workers.engine;

import java.util.Map;

/** Side concerns of the loop (heartbeats, metric sinks, checkpoint registration) listen; the loop never knows them. */
public interface TrainingListener {
  /** Called once before the first step of this attempt; {@code fromStep} is 0 or the resumed checkpoint's step. */
  default void onStart(long fromStep, long totalSteps, String device) {}

  default void onStep(StepMetrics metrics) {}

  default void onEval(EvalMetrics metrics) {}

  /** Exact-match accuracy in [0, 1] on held-out problems of a task generator, metric key {@code eval/<task>/accuracy}. */
  default void onTaskEval(long step, String task, double accuracy) {}

  /**
   * Called right after {@link #onEval} with what the same validation windows show per token: the mean loss (nats) at
   * each position of the window, index 0 predicting the second token, and the mean entropy (nats) of the predicted
   * next-token distributions.
   */
  default void onTokenStats(long step, double[] lossByPosition, double meanEntropy) {}

  /** Metrics beyond the fixed ones, by key (e.g. {@code rl/reward_mean}, {@code rl/kl}), at optimizer step {@code step}. */
  default void onMetrics(long step, Map<String, Double> values) {}

  /** Called after a checkpoint file is complete on disk (renamed into place). */
  default void onCheckpoint(CheckpointInfo checkpoint) {}
}
