package dev.pedigree.workers.engine;

import java.nio.file.Path;
import java.util.Optional;

/** One run's work on the engine, whatever its kind: from step 0 or a checkpoint, to a model file or a stop. */
public interface TrainingJob {
  /**
   * Runs from step 0, or from the given checkpoint file; returns at the last step, or when stop says so after writing
   * a final checkpoint.
   */
  TrainingSummary run(Optional<Path> resumeFrom, TrainingListener listener, StopSignal stop);
}
