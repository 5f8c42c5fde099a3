package dev.pedigree.workers.engine.selection;

import dev.pedigree.workers.engine.data.Dataset;
import dev.pedigree.workers.engine.data.Domain;
import dev.pedigree.workers.engine.model.GptConfig;
import dev.pedigree.workflows.spec.PretrainSpec;
import dev.pedigree.workflows.spec.SelectionSpec;
import java.nio.file.Path;
import java.util.List;
import org.bytedeco.pytorch.Device;

/** The strategy and the sampler a validated spec asks for. */
public final class SelectionStrategies {
  private SelectionStrategies() {}

  public static SelectionStrategy of(PretrainSpec spec, Dataset dataset, Device device) {
    return of(spec, dataset, List.of(), device);
  }

  /**
   * @param references the files of the reference models a {@code preselect} spec names, in its order; used only
   *     when it names some
   */
  public static SelectionStrategy of(PretrainSpec spec, Dataset dataset, List<Path> references, Device device) {
    SelectionSpec selection = spec.selection();
    double[] mixture = normalizedWeights(dataset);
    return switch (selection.strategy()) {
      case SelectionSpec.UNIFORM -> new UniformSelection(mixture);
      case SelectionSpec.LOSS_REWEIGHTING -> new LossReweighting(
          new SampleWeighting(selection.scheme(), selection.delta(), selection.temperature()), device, mixture);
      case SelectionSpec.DGA -> new DynamicGradientAlignment(dataset.domains(), dataset.target().orElseThrow(),
          new MixtureUpdate(selection.learningRate(), selection.ema()), selection.every(),
          spec.training().batchSize(), spec.training().seed(), device, mixture);
      case SelectionSpec.IMPORTANCE -> new UniformSelection(
          ImportanceWeights.of(dataset.domains(), dataset.target().orElseThrow()));
      case SelectionSpec.PRESELECT -> new PreselectSelection(preSelection(spec, dataset, references, device),
          dataset.domains().size());
      default -> throw new IllegalArgumentException("selection strategy not available: " + selection.strategy());
    };
  }

  /**
   * Batches in corpus order for a single source, else drawn uniformly from the strategy's subset when it keeps one,
   * else from its current mixture.
   */
  public static BatchSampler sampler(Dataset dataset, long seed, SelectionStrategy strategy) {
    if (dataset.domains().isEmpty()) {
      return new CorpusSampler(dataset.train(), seed);
    }
    return strategy.subset().<BatchSampler>map(subset -> new SubsetSampler(dataset.domains(), subset, seed))
        .orElseGet(() -> new MixtureSampler(dataset.domains(), seed, strategy::samplingWeights));
  }

  private static PreSelection preSelection(PretrainSpec spec, Dataset dataset, List<Path> references,
      Device device) {
    SelectionSpec selection = spec.selection();
    Pool pool = Pool.of(dataset.domains());
    long seed = spec.training().seed();
    if (selection.references() != null) {
      if (references.size() != selection.references().size()) {
        throw new IllegalArgumentException("the spec names " + selection.references().size()
            + " preselect references, the job was given " + references.size() + " model files");
      }
      return PreSelection.scored(pool, dataset.target().orElseThrow(), references, dataset.tokenizer(),
          selection.fraction(), seed, GptConfig.of(spec.model(), dataset.tokenizer().vocabSize()), device);
    }
    return switch (selection.scorer()) {
      case SelectionSpec.RANDOM_SCORER -> PreSelection.random(pool, selection.fraction(), seed);
      case SelectionSpec.QUALITY_SCORER ->
          PreSelection.quality(pool, dataset.target().orElseThrow(), selection.fraction(), seed);
      default -> PreSelection.scored(pool, dataset.target().orElseThrow(), selection.referenceModels(),
          selection.referenceSteps(), selection.fraction(), spec.training().batchSize(), seed,
          GptConfig.of(spec.model(), dataset.tokenizer().vocabSize()), device);
    };
  }

  private static double[] normalizedWeights(Dataset dataset) {
    double total = dataset.domains().stream().mapToDouble(Domain::weight).sum();
    return dataset.domains().stream().mapToDouble(domain -> domain.weight() / total).toArray();
  }
}
