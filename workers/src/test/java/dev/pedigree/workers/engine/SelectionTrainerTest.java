package dev.pedigree.workers.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.assertj.core.api.Assertions.within;

import dev.pedigree.workers.engine.checkpoint.SafeTensorsReader;
import dev.pedigree.workers.engine.data.DatasetSource;
import dev.pedigree.workers.engine.data.Sha256;
import dev.pedigree.workers.engine.optim.Optimizers;
import dev.pedigree.workers.engine.selection.ScorerFile;
import dev.pedigree.workers.engine.tokenizer.ByteTokenizer;
import dev.pedigree.workflows.spec.DataSpec;
import dev.pedigree.workflows.spec.DomainSpec;
import dev.pedigree.workflows.spec.ModelSpec;
import dev.pedigree.workflows.spec.OptimizationSpec;
import dev.pedigree.workflows.spec.PretrainSpec;
import dev.pedigree.workflows.spec.SelectionSpec;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The selection strategies inside the loop: what they report, and that they resume bit-exactly. */
class SelectionTrainerTest {
  @TempDir Path directory;

  private static final DataSpec MIXTURE = new DataSpec(null, null, null, null, null, null, null,
      List.of(
          DomainSpec.generated("text", 1, "g-text", 60, 3L),
          new DomainSpec("add", 1.0, "g-arith", 200, 5L, List.of("add"), null, null, null, null),
          DomainSpec.generated("noise", 2, "g-noise", 40, 9L)),
      new DomainSpec("target", null, "g-arith", 200, 11L, List.of("add"), 1.0, null, null, null), null);

  private static final SelectionSpec PRESELECT = SelectionSpec.preselect(3, 20, 0.3, SelectionSpec.NGRAM_SCORER);

  private static PretrainSpec spec(DataSpec data, SelectionSpec selection) {
    return new PretrainSpec(new ModelSpec(2, 32, 4, 32), data,
        new OptimizationSpec(24, 8, 3e-3, 3, 0.1, 1.0, 12, 5, 1L), "cpu", selection);
  }

  @Test
  void dgaResumesBitExactlyWithItsMixtureRestored() throws IOException {
    assertResumesBitExactly(spec(MIXTURE, SelectionSpec.dga(5, 20.0, 0.5)));
  }

  @Test
  void preselectResumesBitExactlyByRecomputingItsSubset() throws IOException {
    assertResumesBitExactly(spec(MIXTURE, PRESELECT));
  }

  @Test
  void preselectReportsItsScorerAndKeptSharesAndRecordsTheSubsetAsASource() {
    Recorder recorder = new Recorder();
    new Trainer(spec(MIXTURE, PRESELECT), directory.resolve("preselect"))
        .run(Optional.empty(), recorder, StopSignal.NEVER);

    Map<String, Double> measured = recorder.metrics.get(0L);
    assertThat(measured).containsOnlyKeys("selection/preselect/scorer_spearman", "selection/preselect/kept_fraction",
        "selection/preselect/kept/text", "selection/preselect/kept/add", "selection/preselect/kept/noise");
    assertThat(measured.get("selection/preselect/kept_fraction")).isCloseTo(0.3, within(0.01));
    assertThat(measured.get("selection/preselect/scorer_spearman")).isBetween(-1.0, 1.0);
    assertThat(recorder.mixtureSteps).containsExactly(0L);
    assertThat(recorder.mixtures.get(0).values().stream().mapToDouble(Double::doubleValue).sum())
        .isCloseTo(1.0, within(1e-12));
    assertThat(recorder.datasets).extracting(DatasetSource::name, DatasetSource::role).containsExactly(
        tuple("text", "pool"), tuple("add", "pool"), tuple("noise", "pool"), tuple("target", "target"),
        tuple("preselect", "train"));
    Map<String, Object> recipe = recorder.datasets.get(4).recipe();
    assertThat(recipe).containsEntry("method", "preselect").containsEntry("fraction", 0.3)
        .containsEntry("scorer", "hashed-ngram-logistic").containsEntry("referenceModels", 3)
        .containsEntry("target", Map.of("name", "target", "sha256", recorder.datasets.get(3).sha256()));
    assertThat(recipe.get("fromSources")).isEqualTo(recorder.datasets.subList(0, 3).stream()
        .map(source -> Map.of("name", source.name(), "sha256", source.sha256())).toList());
    assertThat(recipe).as("which windows exist depends on these").containsEntry("contextLength", 32)
        .containsEntry("tokenizer", Map.of("sha256", ByteTokenizer.INSTANCE.sha256()));
    assertThat(recorder.datasets.get(4).uri()).startsWith("selected:preselect/");
    assertThat(DatasetSource.of(MIXTURE, PRESELECT, 1L, 64, ByteTokenizer.INSTANCE).get(4).sha256())
        .as("other windows, another subset").isNotEqualTo(recorder.datasets.get(4).sha256());
  }

  @Test
  void preselectSavesItsScorerBeforeReportingTheSubsetWithTheSpearmanItReports() throws IOException {
    Recorder recorder = new Recorder();
    new Trainer(spec(MIXTURE, PRESELECT), directory.resolve("scorer")).run(Optional.empty(), recorder,
        StopSignal.NEVER);

    assertThat(recorder.scorers).singleElement().satisfies(scorer -> {
      assertThat(scorer.path()).isEqualTo(directory.resolve("scorer").resolve("preselect-scorer.safetensors"));
      assertThat(scorer.sha256()).isEqualTo(Sha256.ofFile(scorer.path()));
      assertThat(scorer.bytes()).isEqualTo(java.nio.file.Files.size(scorer.path()));
      double spearman = recorder.metrics.get(0L).get("selection/preselect/scorer_spearman");
      assertThat(scorer.metrics()).containsExactly(Map.entry("scorer_spearman", spearman));
      try (SafeTensorsReader reader = SafeTensorsReader.open(scorer.path())) {
        assertThat(reader.metadata()).containsEntry("scorer_spearman", Double.toString(spearman))
            .containsEntry("format", "pedigree-hashed-ngram-logistic").containsEntry("buckets", "65536");
        long kept = reader.tensor("buckets").shape()[0];
        assertThat(kept).as("sparse: only the buckets the labeled windows touch").isBetween(1L, 65535L);
        assertThat(reader.tensor("weights").shape()).containsExactly(kept);
        assertThat(reader.tensor("bias").shape()).containsExactly(1L);
      }
    });
    assertThat(recorder.datasetsWhenScored).as("the subset's lineage names the scorer, so it comes first").isZero();
  }

  @Test
  void preselectWithTheRandomScorerKeepsTheSameShareWithoutReferenceModels() {
    Recorder recorder = new Recorder();
    new Trainer(spec(MIXTURE, SelectionSpec.preselect(3, 10, 0.3, SelectionSpec.RANDOM_SCORER)),
        directory.resolve("random")).run(Optional.empty(), recorder, StopSignal.NEVER);

    assertThat(recorder.metrics.get(0L)).doesNotContainKey("selection/preselect/scorer_spearman")
        .containsKey("selection/preselect/kept_fraction");
    assertThat(recorder.datasets.get(4).recipe()).as("a random subset is not steered by the target")
        .doesNotContainKey("target");
    assertThat(recorder.scorers).isEmpty();
  }

  @Test
  void preselectWithTheQualityScorerKeepsTheShareItsTargetClassifierRanksFirst() throws IOException {
    Recorder recorder = new Recorder();
    new Trainer(spec(MIXTURE, SelectionSpec.qualityClassifier(0.3)), directory.resolve("quality"))
        .run(Optional.empty(), recorder, StopSignal.NEVER);

    Map<String, Double> measured = recorder.metrics.get(0L);
    assertThat(measured).containsOnlyKeys("selection/preselect/kept_fraction", "selection/preselect/kept/text",
        "selection/preselect/kept/add", "selection/preselect/kept/noise");
    assertThat(measured.get("selection/preselect/kept/add")).as("the target is addition")
        .isGreaterThan(measured.get("selection/preselect/kept/text"))
        .isGreaterThan(measured.get("selection/preselect/kept/noise"));
    Map<String, Object> recipe = recorder.datasets.get(4).recipe();
    assertThat(recipe).containsEntry("method", "preselect").containsEntry("fraction", 0.3)
        .containsEntry("scorer", "quality-classifier-hashed-ngram-logistic")
        .containsEntry("target", Map.of("name", "target", "sha256", recorder.datasets.get(3).sha256()))
        .doesNotContainKeys("referenceModels", "referenceSteps", "references");
    assertThat(recorder.datasets.get(4).sha256()).as("a recipe of its own").isNotEqualTo(
        DatasetSource.of(MIXTURE, PRESELECT, 1L, 32, ByteTokenizer.INSTANCE).get(4).sha256());
    assertThat(recorder.scorers).singleElement().satisfies(scorer -> {
      assertThat(scorer.metrics()).as("nothing held out to measure it on").isEmpty();
      try (SafeTensorsReader reader = SafeTensorsReader.open(scorer.path())) {
        assertThat(reader.metadata()).containsEntry("format", "pedigree-hashed-ngram-logistic")
            .doesNotContainKey("scorer_spearman");
      }
    });
    assertThat(recorder.datasetsWhenScored).isZero();
  }

  @Test
  void preselectWithTheQualityScorerResumesBitExactly() throws IOException {
    assertResumesBitExactly(spec(MIXTURE, SelectionSpec.qualityClassifier(0.3)));
  }

  @Test
  void importanceReportsItsFixedMixtureOnceLeaningToTheTargetsDomain() {
    Recorder recorder = new Recorder();
    new Trainer(spec(MIXTURE, SelectionSpec.importance()), directory.resolve("importance"))
        .run(Optional.empty(), recorder, StopSignal.NEVER);

    assertThat(recorder.mixtureSteps).containsExactly(0L);
    Map<String, Double> mixture = recorder.mixtures.get(0);
    assertThat(mixture.values().stream().mapToDouble(Double::doubleValue).sum()).isCloseTo(1.0, within(1e-12));
    assertThat(mixture.get("add")).as("the target is addition; the spec weights (noise 2) play no part")
        .isGreaterThan(0.9);
    assertThat(recorder.sampleIds).as("importance weights domains, not samples").isEmpty();
    assertThat(recorder.datasets).extracting(DatasetSource::role).containsExactly("train", "train", "train", "target");
  }

  @Test
  void importanceResumesBitExactly() throws IOException {
    assertResumesBitExactly(spec(MIXTURE, SelectionSpec.importance()));
  }

  @Test
  void lossReweightingResumesBitExactly() throws IOException {
    assertResumesBitExactly(spec(new DataSpec("g-text", 30, 7L), SelectionSpec.lossReweighting("linupper", 1, 1)));
  }

  @Test
  void dgaMovesTheMixtureEveryTStepsAndReportsTargetAndDomainLosses() throws IOException {
    Recorder recorder = new Recorder();
    TrainingSummary summary = new Trainer(spec(MIXTURE, SelectionSpec.dga(5, 20.0, 0.5)), directory.resolve("dga"))
        .run(Optional.empty(), recorder, StopSignal.NEVER);

    assertThat(recorder.mixtureSteps).containsExactly(0L, 5L, 10L, 15L, 20L);
    assertThat(recorder.metrics).as("dga weights domains, not samples").isEmpty();
    assertThat(recorder.mixtures.get(0)).containsExactly(Map.entry("text", 0.25), Map.entry("add", 0.25),
        Map.entry("noise", 0.5));
    for (Map<String, Double> mixture : recorder.mixtures) {
      assertThat(mixture.values().stream().mapToDouble(Double::doubleValue).sum()).isCloseTo(1.0, within(1e-12));
    }
    assertThat(recorder.mixtures.get(4)).isNotEqualTo(recorder.mixtures.get(0));
    assertThat(recorder.domainEvals).containsOnlyKeys("text", "add", "noise");
    assertThat(recorder.targetEvals).hasSize(2);
    assertThat(recorder.tasks).containsOnly("arith");
    try (SafeTensorsReader reader = SafeTensorsReader.open(summary.lastCheckpoint().path())) {
      assertThat(reader.metadata()).containsKeys("state.alpha", "state.sampling");
    }
  }

  @Test
  void lossReweightingReportsEachSampleWithWeightsThatSumToOne() {
    Recorder recorder = new Recorder();
    new Trainer(spec(MIXTURE, SelectionSpec.lossReweighting("linupper", 1, 1)), directory.resolve("lr"))
        .run(Optional.empty(), recorder, StopSignal.NEVER);

    assertThat(recorder.sampleSteps).hasSize(24).startsWith(1L, 2L);
    assertThat(recorder.sampleIds.get(0)).hasSize(8);
    for (double[] weights : recorder.sampleWeights) {
      assertThat(Arrays.stream(weights).sum()).isCloseTo(1.0, within(1e-9));
    }
    assertThat(recorder.metrics).as("the weight quantiles of every step").hasSize(24);
    for (int i = 0; i < 24; i++) {
      double[] weights = recorder.sampleWeights.get(i).clone();
      Arrays.sort(weights);
      Map<String, Double> quantiles = recorder.metrics.get(recorder.sampleSteps.get(i));
      assertThat(quantiles.get("selection/sample_weight/max")).isEqualTo(weights[7]);
      assertThat(quantiles.get("selection/sample_weight/p50")).isCloseTo((weights[3] + weights[4]) / 2, within(1e-15));
      assertThat(quantiles.get("selection/sample_weight/p10")).isBetween(weights[0], weights[1]);
      assertThat(quantiles.get("selection/sample_weight/p90")).isBetween(weights[6], weights[7]);
    }
    assertThat(recorder.metrics.get(24L).get("selection/sample_weight/max"))
        .as("linupper gives the high-loss samples more than the uniform 1/8").isGreaterThan(1.0 / 8);
    assertThat(recorder.mixtureSteps).containsExactly(0L);
    assertThat(recorder.sampleIds.stream().flatMapToLong(Arrays::stream).map(id -> id >>> 32).distinct().sorted())
        .containsExactly(0L, 1L, 2L);
  }

  private void assertResumesBitExactly(PretrainSpec spec) throws IOException {
    TrainingSummary straight = new Trainer(spec, directory.resolve("straight"))
        .run(Optional.empty(), new TrainingListener() {}, StopSignal.NEVER);
    Recorder firstHalf = new Recorder();
    TrainingSummary stopped = new Trainer(spec, directory.resolve("resumed"))
        .run(Optional.empty(), firstHalf, () -> firstHalf.steps >= 12);
    assertThat(stopped.steps()).isEqualTo(12);
    Recorder secondHalf = new Recorder();
    TrainingSummary resumed = new Trainer(spec, directory.resolve("resumed"))
        .run(Optional.of(stopped.lastCheckpoint().path()), secondHalf, StopSignal.NEVER);

    assertThat(resumed.finalLoss()).isEqualTo(straight.finalLoss());
    assertThat(resumed.modelSha256()).isEqualTo(straight.modelSha256());
    assertThat(Stream.concat(secondHalf.mixtureSteps.stream(), secondHalf.metrics.keySet().stream()))
        .as("the first attempt reported step 12 and before").allSatisfy(step -> assertThat(step).isGreaterThan(12));
  }

  /** Records what a training run reports; shared with the other selection tests of this package. */
  static final class Recorder implements TrainingListener {
    int steps;
    final List<Long> mixtureSteps = new ArrayList<>();
    final List<Map<String, Double>> mixtures = new ArrayList<>();
    final Map<String, List<Double>> domainEvals = new LinkedHashMap<>();
    final List<Double> targetEvals = new ArrayList<>();
    final List<String> tasks = new ArrayList<>();
    final List<Long> sampleSteps = new ArrayList<>();
    final List<long[]> sampleIds = new ArrayList<>();
    final List<double[]> sampleWeights = new ArrayList<>();
    final Map<Long, Map<String, Double>> metrics = new LinkedHashMap<>();
    final List<DatasetSource> datasets = new ArrayList<>();
    final List<ScorerFile> scorers = new ArrayList<>();
    int datasetsWhenScored = -1;

    @Override
    public void onScorer(ScorerFile scorer) {
      scorers.add(scorer);
      datasetsWhenScored = datasets.size();
    }

    @Override
    public void onDatasets(List<DatasetSource> sources) {
      datasets.addAll(sources);
    }

    @Override
    public void onMetrics(long step, Map<String, Double> values) {
      if (!values.containsKey(Optimizers.STATE_BYTES_METRIC)) {
        metrics.put(step, values);
      }
    }

    @Override
    public void onStep(StepMetrics metrics) {
      steps++;
    }

    @Override
    public void onDomainWeights(long step, Map<String, Double> weights) {
      mixtureSteps.add(step);
      mixtures.add(weights);
    }

    @Override
    public void onDomainEval(long step, String domain, double valLoss) {
      domainEvals.computeIfAbsent(domain, name -> new ArrayList<>()).add(valLoss);
    }

    @Override
    public void onTargetEval(long step, double valLoss) {
      targetEvals.add(valLoss);
    }

    @Override
    public void onTaskEval(long step, String task, double accuracy) {
      tasks.add(task);
    }

    @Override
    public void onSampleLosses(long step, long[] ids, double[] losses, double[] weights) {
      sampleSteps.add(step);
      sampleIds.add(ids);
      sampleWeights.add(weights);
    }
  }
}
