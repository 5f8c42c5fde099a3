package dev.pedigree.workers.engine.selection;

import dev.pedigree.workers.engine.model.Gpt;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * How a pretrain run chooses what to learn from: the loss each micro-batch back-propagates and, for a multi-domain
 * corpus, the mixture its batches are drawn from. State that changes while training goes into checkpoints, so a
 * resumed run continues bit-exactly.
 */
public interface SelectionStrategy {
  /** The loss of one micro-batch (forward pass included), to be scaled by the accumulation and back-propagated. */
  MicroBatchLoss loss(Gpt model, SampledBatch batch);

  /** The mixture the next batches are drawn from, one weight per domain summing to 1; empty for a single source. */
  double[] samplingWeights();

  /**
   * Called before step {@code step} (0-based) draws its batches, with no gradients pending; returns the new sampling
   * weights when it changed them.
   */
  default Optional<double[]> beforeStep(long step, Gpt model) {
    return Optional.empty();
  }

  /** The sample ids training is restricted to, drawn uniformly with replacement; empty to draw from the domains. */
  default Optional<long[]> subset() {
    return Optional.empty();
  }

  /** Saves the scorer the strategy selected data with into {@code directory}; empty when it has none. */
  default Optional<ScorerFile> saveScorer(Path directory) {
    return Optional.empty();
  }

  /** What the strategy measured before training, by metric key; reported at the first step of every attempt. */
  default Map<String, Double> startMetrics() {
    return Map.of();
  }

  /** What a checkpoint must hold to resume this strategy, as text that restores exactly. */
  default Map<String, String> state() {
    return Map.of();
  }

  default void restore(Map<String, String> state) {}
}
