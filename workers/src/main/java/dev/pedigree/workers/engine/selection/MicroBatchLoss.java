package dev.pedigree.workers.engine.selection;

import java.util.Optional;
import org.bytedeco.pytorch.Tensor;

/**
 * What one micro-batch's forward pass gave.
 *
 * @param objective the scalar to back-propagate
 * @param meanLoss the unweighted mean token loss, detached: the {@code train/loss} every strategy reports alike
 * @param samples per-sample losses and weights, for strategies that weight samples
 */
public record MicroBatchLoss(Tensor objective, Tensor meanLoss, Optional<SampleWeights> samples) {
  /** Each sample's mean token loss (nats) and its weight in the objective. */
  public record SampleWeights(long[] sampleIds, double[] losses, double[] weights) {}
}
