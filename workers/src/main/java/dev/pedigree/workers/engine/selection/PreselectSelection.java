package dev.pedigree.workers.engine.selection;

import dev.pedigree.workers.engine.checkpoint.FileDigest;
import dev.pedigree.workers.engine.model.Gpt;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Trains uniformly on the subset a {@link PreSelection} kept, with the mean token loss of every batch. The subset is a
 * pure function of the spec (data, selection parameters and seed), so a resumed run recomputes it rather than storing
 * it. The sampling weights it reports are each domain's share of the subset.
 */
final class PreselectSelection implements SelectionStrategy {
  private static final String FILE_NAME = "preselect-scorer.safetensors";
  private static final String SCORER_METRICS = PreSelection.PREFIX + "scorer_";

  private final UniformSelection loss;
  private final PreSelection selection;
  private final double[] mixture;

  PreselectSelection(PreSelection selection, int domains) {
    this.selection = selection;
    this.mixture = new double[domains];
    for (long id : selection.keptIds()) {
      mixture[SampledBatch.domainOf(id)] += 1.0 / selection.keptIds().length;
    }
    this.loss = new UniformSelection(mixture);
  }

  @Override
  public MicroBatchLoss loss(Gpt model, SampledBatch batch) {
    return loss.loss(model, batch);
  }

  @Override
  public double[] samplingWeights() {
    return mixture.clone();
  }

  @Override
  public Optional<long[]> subset() {
    return Optional.of(selection.keptIds());
  }

  /**
   * {@code preselect-scorer.safetensors}, with what was measured of the scorer ({@code scorer_spearman} for the n-gram
   * scorer, nothing for the quality classifier) in its metadata and metrics.
   */
  @Override
  public Optional<ScorerFile> saveScorer(Path directory) {
    return selection.scorer().map(scorer -> {
      Map<String, Double> measured = new LinkedHashMap<>();
      Map<String, String> metadata = new LinkedHashMap<>();
      selection.metrics().forEach((key, value) -> {
        if (key.startsWith(SCORER_METRICS)) {
          String name = key.substring(PreSelection.PREFIX.length());
          measured.put(name, value);
          metadata.put(name, Double.toString(value));
        }
      });
      Path file = directory.resolve(FILE_NAME);
      FileDigest digest = scorer.save(file, metadata);
      return new ScorerFile(file, digest.sha256(), digest.bytes(), measured);
    });
  }

  @Override
  public Map<String, Double> startMetrics() {
    return selection.metrics();
  }
}
