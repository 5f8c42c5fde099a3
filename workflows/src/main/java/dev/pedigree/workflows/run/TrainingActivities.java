package dev.pedigree.workflows.run;

import io.temporal.activity.ActivityInterface;

/**
 * Long, heartbeating training on a compute worker. Heartbeat details are {@link TrainProgress}; a retried attempt
 * resumes from the checkpoint named there. Cancellation stops the loop at a step boundary after a final checkpoint.
 */
@ActivityInterface
public interface TrainingActivities {
  TrainResult trainModel(TrainInput input);
}
