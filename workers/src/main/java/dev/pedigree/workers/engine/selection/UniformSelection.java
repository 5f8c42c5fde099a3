package dev.pedigree.workers.engine.selection;

import dev.pedigree.workers.engine.model.Gpt;
import dev.pedigree.workers.engine.torch.Autocast;
import java.util.Optional;
import org.bytedeco.pytorch.Tensor;

/**
 * The mean token loss of every batch, drawn in corpus order or from a fixed mixture: the domains' spec weights, or
 * for {@code importance} the {@link ImportanceWeights} computed before training (a pure function of the data, so a
 * resumed run recomputes them).
 */
final class UniformSelection implements SelectionStrategy {
  private final double[] mixture;

  UniformSelection(double[] mixture) {
    this.mixture = mixture;
  }

  @Override
  public MicroBatchLoss loss(Gpt model, SampledBatch batch) {
    Tensor loss;
    try (Autocast autocast = Autocast.bf16For(model.parameters().byName())) {
      loss = model.loss(batch.batch().inputs(), batch.batch().targets());
    }
    return new MicroBatchLoss(loss, loss.detach(), Optional.empty());
  }

  @Override
  public double[] samplingWeights() {
    return mixture.clone();
  }
}
