package dev.pedigree.workers.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pedigree.workers.engine.data.Dataset;
import dev.pedigree.workers.engine.data.DatasetSource;
import dev.pedigree.workers.engine.selection.SelectionStrategies;
import dev.pedigree.workers.engine.torch.TorchRuntime;
import dev.pedigree.workflows.spec.DataSpec;
import dev.pedigree.workflows.spec.DomainSpec;
import dev.pedigree.workflows.spec.ModelSpec;
import dev.pedigree.workflows.spec.OptimizationSpec;
import dev.pedigree.workflows.spec.PretrainSpec;
import dev.pedigree.workflows.spec.SelectionSpec;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Device;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** PreSelect scored by reference models given as model files (the spec's {@code references}) instead of trained. */
class PreselectReferencesTest {
  @TempDir static Path directory;

  private static final DataSpec MIXTURE = DataSpec.mixture(
      List.of(
          DomainSpec.generated("text", 1, "g-text", 60, 3L),
          new DomainSpec("add", 1.0, "g-arith", 200, 5L, List.of("add"), null, null, null, null),
          DomainSpec.generated("noise", 2, "g-noise", 40, 9L)),
      new DomainSpec("target", null, "g-arith", 200, 11L, List.of("add"), 1.0, null, null, null));
  private static final List<String> IDS = List.of("3f2c6a1e-0000-4000-8000-00000000000a",
      "3f2c6a1e-0000-4000-8000-00000000000b", "3f2c6a1e-0000-4000-8000-00000000000c");

  private static Map<String, Path> references;

  /** Three tiny pretrain models of the run's byte tokenizer, 4, 8 and 12 steps on the mixture. */
  @BeforeAll
  static void trainReferences() {
    references = new LinkedHashMap<>();
    for (int i = 0; i < 3; i++) {
      PretrainSpec reference = new PretrainSpec(new ModelSpec(1, 32, 2, 32), MIXTURE,
          new OptimizationSpec(4 * (i + 1), 8, 1e-2, 1, 0.0, 1.0, 100, 100, 100L + i), "cpu");
      references.put("reference." + i, new Trainer(reference, directory.resolve("reference-" + i))
          .run(Optional.empty(), new TrainingListener() {}, StopSignal.NEVER).model());
    }
  }

  private static PretrainSpec spec() {
    return new PretrainSpec(new ModelSpec(2, 32, 4, 32), MIXTURE,
        new OptimizationSpec(12, 8, 3e-3, 3, 0.1, 1.0, 6, 6, 1L), "cpu", SelectionSpec.preselect(IDS, 0.3));
  }

  @Test
  void aRunScoredByReferenceFilesCompletesAndRecordsThemInTheSubsetRecipe() {
    SelectionTrainerTest.Recorder recorder = new SelectionTrainerTest.Recorder();
    TrainingSummary summary = new Trainer(spec(), references, directory.resolve("run"))
        .run(Optional.empty(), recorder, StopSignal.NEVER);
    List<DatasetSource> datasets = recorder.datasets;
    Map<Long, Map<String, Double>> metrics = recorder.metrics;

    assertThat(summary.steps()).isEqualTo(12);
    assertThat(summary.model()).exists();
    assertThat(metrics.get(0L)).containsKeys("selection/preselect/scorer_spearman",
        "selection/preselect/kept_fraction");
    DatasetSource subset = datasets.get(datasets.size() - 1);
    assertThat(subset.role()).isEqualTo("train");
    assertThat(subset.recipe()).containsEntry("references", IDS).doesNotContainKeys("referenceModels",
        "referenceSteps");
  }

  @Test
  void theKeptSubsetIsTheSameTwice() {
    long[] first = keptIds(references);
    long[] second = keptIds(references);
    assertThat(first).isNotEmpty().isEqualTo(second);
  }

  @Test
  void aReferenceWithAnotherTokenizerFailsNamingTheMismatch() {
    PretrainSpec bpe = new PretrainSpec(new ModelSpec(1, 32, 2, 32),
        new DataSpec("g-arith", 200, 5L, "bpe", 300, null, null),
        new OptimizationSpec(2, 4, 1e-2, 1, 0.0, 1.0, 100, 100, 7L), "cpu");
    Path other = new Trainer(bpe, directory.resolve("bpe"))
        .run(Optional.empty(), new TrainingListener() {}, StopSignal.NEVER).model();
    Map<String, Path> mixed = new LinkedHashMap<>(references);
    mixed.put("reference.1", other);

    assertThatThrownBy(() -> keptIds(mixed)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("reference model 1").hasMessageContaining("tokenizer")
        .hasMessageContaining("vocab 300").hasMessageContaining("vocab 256");
    assertThatThrownBy(() -> new Trainer(spec(), Map.of("reference.0", other), directory.resolve("missing")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("reference.1");
  }

  private static long[] keptIds(Map<String, Path> models) {
    TorchRuntime.initialize();
    PretrainSpec spec = spec();
    Device device = TorchRuntime.device("cpu");
    Dataset dataset = Dataset.prepare(spec.data(), spec.model().contextLength(), directory.resolve("data"));
    List<Path> files = List.of(models.get("reference.0"), models.get("reference.1"), models.get("reference.2"));
    try (PointerScope scope = new PointerScope()) {
      return SelectionStrategies.of(spec, dataset, files, device).subset().orElseThrow();
    }
  }
}
