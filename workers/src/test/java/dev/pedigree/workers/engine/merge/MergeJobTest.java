package dev.pedigree.workers.engine.merge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pedigree.workers.engine.CheckpointInfo;
import dev.pedigree.workers.engine.IncompatibleModelsException;
import dev.pedigree.workers.engine.StepMetrics;
import dev.pedigree.workers.engine.StopSignal;
import dev.pedigree.workers.engine.Trainer;
import dev.pedigree.workers.engine.TrainingListener;
import dev.pedigree.workers.engine.TrainingSummary;
import dev.pedigree.workers.engine.checkpoint.ModelFiles;
import dev.pedigree.workers.engine.checkpoint.SafeTensorsReader;
import dev.pedigree.workers.engine.data.Sha256;
import dev.pedigree.workers.engine.model.Gpt;
import dev.pedigree.workers.engine.model.GptConfig;
import dev.pedigree.workers.engine.model.Parameters;
import dev.pedigree.workflows.spec.DataSpec;
import dev.pedigree.workflows.spec.MergeSpec;
import dev.pedigree.workflows.spec.ModelSpec;
import dev.pedigree.workflows.spec.OptimizationSpec;
import dev.pedigree.workflows.spec.PretrainSpec;
import dev.pedigree.workflows.spec.SelfPositioningSpec;
import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bytedeco.pytorch.Device;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Scalar;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The merge job end to end on a tiny G-arith model (2 layers, d=32, context 32). */
class MergeJobTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Device CPU = new Device("cpu");

  @TempDir static Path models;
  @TempDir Path directory;

  private static Path trained;
  private static Path untrained;
  /** The untrained model plus large random noise (5 × the initialization's scale): worse than the untrained one. */
  private static Path noisyA;
  private static Path noisyB;

  @BeforeAll
  static void makeModels() {
    PretrainSpec pretrain = new PretrainSpec(new ModelSpec(2, 32, 4, 32), new DataSpec("g-arith", 400, 7L),
        new OptimizationSpec(40, 16, 1e-2, 4, 0.0, 1.0, 40, 40, 1L), "cpu");
    trained = new Trainer(pretrain, models.resolve("pretrain"))
        .run(Optional.empty(), new TrainingListener() {}, StopSignal.NEVER).model();
    untrained = models.resolve("untrained.safetensors");
    write(untrained, trained, 0.0, 3);
    noisyA = models.resolve("noisy-a.safetensors");
    write(noisyA, untrained, 5.0, 4);
    noisyB = models.resolve("noisy-b.safetensors");
    write(noisyB, untrained, 0.5, 5);
  }

  /**
   * Writes {@code from}'s weights plus {@code noise} times the difference of two fresh initializations seeded from
   * {@code seed}: random matrices, and zero on norm gains and biases. Noise 0 writes an initialization instead.
   */
  private static void write(Path target, Path from, double noise, long seed) {
    ModelFiles.LoadedModel model = ModelFiles.load(from, CPU);
    Parameters parameters = model.model().parameters();
    try (NoGradGuard noGrad = new NoGradGuard()) {
      Parameters first = Gpt.initialize(model.config(), seed, CPU).parameters();
      if (noise == 0) {
        parameters.values().copy_(first.values());
      } else {
        Parameters second = Gpt.initialize(model.config(), seed + 1000, CPU).parameters();
        parameters.values().add_(first.values().sub(second.values()), new Scalar(noise));
      }
    }
    ModelFiles.write(target, model.config(), model.tokenizer(), parameters, Map.of());
  }

  private static MergeSpec spec(String method, List<String> parents, String base) {
    return new MergeSpec(method, parents, null, base, null, null, null, null, null, null);
  }

  private TrainingSummary run(MergeSpec spec, Map<String, Path> inputs, String workDir, TrainingListener listener,
      StopSignal stop, Optional<Path> resumeFrom) {
    return new MergeJob(spec, inputs, directory.resolve(workDir)).run(resumeFrom, listener, stop);
  }

  private static float[] tensor(Path model, String name) throws IOException {
    try (SafeTensorsReader reader = SafeTensorsReader.open(model)) {
      FloatBuffer buffer = reader.read(name).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
      float[] values = new float[buffer.remaining()];
      buffer.get(values);
      return values;
    }
  }

  private static JsonNode recipe(Path model) throws IOException {
    return JSON.readTree(ModelFiles.header(model).metadata().get("merge"));
  }

  @Test
  void aLinearMergeAveragesEveryTensorAndARerunIsBitIdentical() throws IOException {
    MergeSpec spec = spec(MergeSpec.LINEAR, List.of("a", "b"), null);
    Map<String, Path> inputs = Map.of("parent.0", noisyA, "parent.1", noisyB);
    List<StepMetrics> steps = new ArrayList<>();
    TrainingListener listener = new TrainingListener() {
      @Override
      public void onStep(StepMetrics metrics) {
        steps.add(metrics);
      }
    };
    TrainingSummary first = run(spec, inputs, "first", listener, StopSignal.NEVER, Optional.empty());
    TrainingSummary second = run(spec, inputs, "second", listener, StopSignal.NEVER, Optional.empty());

    assertThat(first.modelSha256()).isEqualTo(Sha256.ofFile(first.model())).isEqualTo(second.modelSha256());
    assertThat(steps).extracting(StepMetrics::step).containsExactly(1L, 1L);
    float[] a = tensor(noisyA, "h.1.mlp.fc.weight");
    float[] b = tensor(noisyB, "h.1.mlp.fc.weight");
    float[] merged = tensor(first.model(), "h.1.mlp.fc.weight");
    for (int i = 0; i < merged.length; i++) {
      assertThat(merged[i]).isCloseTo((a[i] + b[i]) / 2, within(1e-6f));
    }
    ModelFiles.LoadedModel loaded = ModelFiles.load(first.model(), CPU);
    assertThat(loaded.config()).isEqualTo(ModelFiles.header(noisyA).config());
    JsonNode recipe = recipe(first.model());
    assertThat(recipe.get("method").asText()).isEqualTo("linear");
    assertThat(recipe.get("parents").get(1).get("sha256").asText()).isEqualTo(Sha256.ofFile(noisyB));
    assertThat(recipe.get("parents").get(1).get("weight").asDouble()).isEqualTo(0.5);
    assertThat(loaded.metadata().get("spec")).contains("\"method\":\"linear\"");
  }

  @Test
  void aDareMergeRerunIsBitIdentical() throws IOException {
    MergeSpec spec = new MergeSpec(MergeSpec.DARE, List.of("a", "b"), null, "base", 1.0, 0.3, 11L, null, null, null);
    Map<String, Path> inputs = Map.of("parent.0", noisyA, "parent.1", noisyB, "base", untrained);
    TrainingSummary first = run(spec, inputs, "first", new TrainingListener() {}, StopSignal.NEVER, Optional.empty());
    TrainingSummary second = run(spec, inputs, "second", new TrainingListener() {}, StopSignal.NEVER,
        Optional.empty());
    assertThat(first.modelSha256()).isEqualTo(second.modelSha256());
    // Another JVM must write the same bytes too: the recipe's key order may not depend on hashing.
    assertThat(ModelFiles.header(first.model()).metadata().get("merge"))
        .contains("\"base\":{\"artifact\":\"base\",\"sha256\":\"" + Sha256.ofFile(untrained) + "\"}");
  }

  @Test
  void modelsOfDifferentShapesAreRefusedWithTheReason() {
    GptConfig small = new GptConfig(2, 16, 4, 32, 256);
    Path other = directory.resolve("small.safetensors");
    ModelFiles.write(other, small, ModelFiles.header(trained).tokenizer(),
        Gpt.initialize(small, 1, CPU).parameters(), Map.of());
    MergeSpec spec = spec(MergeSpec.TIES, List.of("a", "b"), "base");

    assertThatThrownBy(() -> run(spec, Map.of("parent.0", noisyA, "parent.1", other, "base", untrained), "bad",
        new TrainingListener() {}, StopSignal.NEVER, Optional.empty()))
        .isInstanceOf(IncompatibleModelsException.class)
        .hasMessageContaining("parent.1 cannot be merged with parent.0: architecture")
        .hasMessageContaining("dModel=16");
    assertThat(directory.resolve("bad").resolve("model.safetensors")).doesNotExist();
  }

  @Test
  void selfPositioningMovesTowardTheParentThatHelpsOnTheProbeAndResumesBitIdentically() throws IOException {
    MergeSpec spec = new MergeSpec(MergeSpec.SELF_POSITIONING, List.of("helpful", "noise"), null, "base", null,
        null, 3L, null, new SelfPositioningSpec(List.of("g-arith"), 32, 12, 0.05, false, 5), null);
    Map<String, Path> inputs = Map.of("parent.0", trained, "parent.1", noisyA, "base", untrained);
    List<Map<String, Double>> lambdas = new ArrayList<>();
    List<Long> checkpoints = new ArrayList<>();
    TrainingListener recorder = new TrainingListener() {
      @Override
      public void onMetrics(long step, Map<String, Double> values) {
        lambdas.add(values);
      }

      @Override
      public void onCheckpoint(CheckpointInfo checkpoint) {
        checkpoints.add(checkpoint.step());
      }
    };
    TrainingSummary straight = run(spec, inputs, "straight", recorder, StopSignal.NEVER, Optional.empty());

    JsonNode lambda = recipe(straight.model()).get("lambda");
    double helpful = lambda.get(0).get(0).asDouble();
    double noise = lambda.get(1).get(0).asDouble();
    // Probe loss (answers of 32 G-arith problems): 5.53 at the base, 1.40 at the trained parent, 6.07 at the noisy one
    assertThat(helpful).isGreaterThan(0.9);
    assertThat(noise).isLessThan(0.1);
    assertThat(lambdas).hasSize(12);
    assertThat(lambdas.get(11).get("merge/lambda/parent.0")).isCloseTo(helpful, within(1e-6));
    assertThat(straight.finalLoss()).isFinite();
    assertThat(checkpoints).as("every 5 steps and at the last").containsExactly(5L, 10L, 12L);

    List<Long> seen = new ArrayList<>();
    TrainingListener counter = new TrainingListener() {
      @Override
      public void onStep(StepMetrics metrics) {
        seen.add(metrics.step());
      }
    };
    TrainingSummary stopped = run(spec, inputs, "resumed", counter, () -> seen.size() >= 7, Optional.empty());
    assertThat(stopped.stopped()).isTrue();
    assertThat(stopped.lastCheckpoint().step()).isEqualTo(7);
    TrainingSummary resumed = run(spec, inputs, "resumed", counter, StopSignal.NEVER,
        Optional.of(stopped.lastCheckpoint().path()));
    assertThat(seen).hasSize(12);
    assertThat(resumed.modelSha256()).isEqualTo(straight.modelSha256());
  }
}
