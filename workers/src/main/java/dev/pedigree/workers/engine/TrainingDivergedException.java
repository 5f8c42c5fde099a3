package dev.pedigree.workers.engine;

/**
 * A training step whose loss or gradient norm came out NaN or infinite. The step was not applied, so the weights and
 * the checkpoints are those of the step before. Retrying from the last checkpoint replays the same steps, so it fails
 * the same way: the spec must change.
 */
public final class TrainingDivergedException extends RuntimeException {
  public TrainingDivergedException(long step, double loss, double gradNorm) {
    super("training diverged at step " + step + ": the loss is " + loss + " and the gradient norm " + gradNorm
        + ", so the step was not applied and the last checkpoint holds the weights from before it; lower the"
        + " learning rate or lengthen the warmup, then submit the spec again");
  }
}
