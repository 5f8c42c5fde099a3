package dev.pedigree.workers.engine;

/** Side concerns of the loop (heartbeats, metric sinks, checkpoint registration) listen; the loop never knows them. */
public interface TrainingListener {
  /** Called once before the first step of this attempt; {@code fromStep} is 0 or the resumed checkpoint's step. */
  default void onStart(long fromStep, long totalSteps, String device) {}

  default void onStep(StepMetrics metrics) {}

  default void onEval(EvalMetrics metrics) {}

  /** Called after a checkpoint file is complete on disk (renamed into place). */
  default void onCheckpoint(CheckpointInfo checkpoint) {}
}
