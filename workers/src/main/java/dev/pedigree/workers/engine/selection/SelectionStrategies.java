package dev.pedigree.workers.engine.selection;

import dev.pedigree.workers.engine.data.Dataset;
import dev.pedigree.workers.engine.data.Domain;
import dev.pedigree.workflows.spec.PretrainSpec;
import dev.pedigree.workflows.spec.SelectionSpec;
import org.bytedeco.pytorch.Device;

/** The strategy and the sampler a validated spec asks for. */
public final class SelectionStrategies {
  private SelectionStrategies() {}

  public static SelectionStrategy of(PretrainSpec spec, Dataset dataset, Device device) {
    SelectionSpec selection = spec.selection();
    double[] mixture = normalizedWeights(dataset);
    return switch (selection.strategy()) {
      case SelectionSpec.UNIFORM -> new UniformSelection(device, mixture);
      case SelectionSpec.LOSS_REWEIGHTING -> new LossReweighting(
          new SampleWeighting(selection.scheme(), selection.delta(), selection.temperature()), device, mixture);
      case SelectionSpec.DGA -> new DynamicGradientAlignment(dataset.domains(), dataset.target().orElseThrow(),
          new MixtureUpdate(selection.learningRate(), selection.ema()), selection.every(),
          spec.training().batchSize(), spec.training().seed(), device, mixture);
      default -> throw new IllegalArgumentException("selection strategy not available: " + selection.strategy());
    };
  }

  /** Batches in corpus order for a single source, else drawn from the strategy's current mixture. */
  public static BatchSampler sampler(Dataset dataset, long seed, SelectionStrategy strategy) {
    return dataset.domains().isEmpty()
        ? new CorpusSampler(dataset.train(), seed)
        : new MixtureSampler(dataset.domains(), seed, strategy::samplingWeights);
  }

  private static double[] normalizedWeights(Dataset dataset) {
    double total = dataset.domains().stream().mapToDouble(Domain::weight).sum();
    return dataset.domains().stream().mapToDouble(domain -> domain.weight() / total).toArray();
  }
}
