package dev.pedigree.workers.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static dev.pedigree.workers.engine.SameTensors.assertSameTensors;

import dev.pedigree.workers.engine.checkpoint.DType;
import dev.pedigree.workers.engine.checkpoint.SafeTensorsReader;
import dev.pedigree.workers.engine.torch.TorchRuntime;
import dev.pedigree.workflows.spec.DataSpec;
import dev.pedigree.workflows.spec.ModelSpec;
import dev.pedigree.workflows.spec.OptimizationSpec;
import dev.pedigree.workflows.spec.PretrainSpec;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TrainerTest {
  @TempDir Path directory;

  /** 2 layers, d=32, context 32, batch 8; 30 documents hold 125 windows, so 24 steps wrap into a second epoch. */
  private static PretrainSpec tinySpec(int steps, int checkpointEvery) {
    return tinySpec(steps, checkpointEvery, 1);
  }

  private static PretrainSpec tinySpec(int steps, int checkpointEvery, int gradAccumulation) {
    return new PretrainSpec(
        new ModelSpec(2, 32, 4, 32),
        new DataSpec("g-text", 30, 7L),
        new OptimizationSpec(steps, 8, 3e-3, 3, 0.1, 1.0, 6, checkpointEvery, 1L, gradAccumulation),
        "cpu");
  }

  @ParameterizedTest(name = "gradAccumulation {0}")
  @ValueSource(ints = {1, 2})
  void aResumedRunEndsWithBitIdenticalWeights(int gradAccumulation) throws IOException {
    PretrainSpec spec = tinySpec(24, 5, gradAccumulation);
    TrainingSummary straight = new Trainer(spec, directory.resolve("straight"))
        .run(Optional.empty(), new TrainingListener() {}, StopSignal.NEVER);

    Recorder firstHalf = new Recorder();
    TrainingSummary stopped = new Trainer(spec, directory.resolve("resumed"))
        .run(Optional.empty(), firstHalf, () -> firstHalf.steps.size() >= 12);
    assertThat(stopped.stopped()).isTrue();
    assertThat(stopped.steps()).isEqualTo(12);
    assertThat(stopped.model()).isNull();
    assertThat(stopped.lastCheckpoint().step()).isEqualTo(12);
    assertThat(stopped.lastCheckpoint().dataCursor()).isEqualTo(96L * gradAccumulation);

    Recorder secondHalf = new Recorder();
    TrainingSummary resumed = new Trainer(spec, directory.resolve("resumed"))
        .run(Optional.of(stopped.lastCheckpoint().path()), secondHalf, StopSignal.NEVER);
    assertThat(secondHalf.fromStep).isEqualTo(12);
    assertThat(secondHalf.steps).first().extracting(StepMetrics::step).isEqualTo(13L);

    assertThat(resumed.stopped()).isFalse();
    assertThat(resumed.steps()).isEqualTo(24);
    assertThat(resumed.finalLoss()).isEqualTo(straight.finalLoss());
    assertSameTensors(straight.model(), resumed.model());
    assertThat(resumed.modelSha256()).isEqualTo(straight.modelSha256());
  }

  @Test
  void reportsStepsEvalsAndCheckpointsAndKeepsTheNewestThree() throws IOException {
    Recorder recorder = new Recorder();
    Path workDir = directory.resolve("run");
    TrainingSummary summary = new Trainer(tinySpec(12, 2), workDir).run(Optional.empty(), recorder, StopSignal.NEVER);

    assertThat(recorder.fromStep).isZero();
    assertThat(recorder.device).isEqualTo(
        "cpu (" + TorchRuntime.threads() + " aten, " + TorchRuntime.blasThreads() + " blas threads)");
    assertThat(recorder.steps).extracting(StepMetrics::step).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L,
        11L, 12L);
    assertThat(recorder.steps).allSatisfy(step -> assertThat(step.tokensPerSecond()).isPositive());
    assertThat(recorder.evals).extracting(EvalMetrics::step).containsExactly(6L, 12L);
    EvalMetrics last = recorder.evals.get(1);
    assertThat(last.valBitsPerByte()).isCloseTo(last.valLoss() / Math.log(2), within(1e-12));
    assertThat(recorder.tokenStatsSteps).containsExactly(6L, 12L);
    assertThat(recorder.lastLossByPosition).hasSize(32);
    assertThat(Arrays.stream(recorder.lastLossByPosition).average().orElseThrow())
        .isCloseTo(last.valLoss(), within(1e-9));
    assertThat(recorder.lastMeanEntropy).isBetween(0.0, Math.log(256));
    assertThat(recorder.checkpoints).extracting(CheckpointInfo::step).containsExactly(2L, 4L, 6L, 8L, 10L, 12L);

    try (Stream<Path> files = Files.list(workDir)) {
      assertThat(files.map(file -> file.getFileName().toString()).sorted()).containsExactly(
          "ckpt-00000008.safetensors", "ckpt-00000010.safetensors", "ckpt-00000012.safetensors", "model.safetensors");
    }
    CheckpointInfo checkpoint = summary.lastCheckpoint();
    assertThat(checkpoint.bytes()).isEqualTo(Files.size(checkpoint.path()));
    try (SafeTensorsReader reader = SafeTensorsReader.open(checkpoint.path())) {
      assertThat(reader.metadata()).containsEntry("step", "12").containsEntry("dataCursor", "96")
          .containsKey("spec");
      assertThat(reader.tensors().keySet()).startsWith("wte.weight", "wpe.weight", "h.0.ln_1.weight")
          .contains("optim.m.h.1.mlp.fc.weight", "optim.v.ln_f.bias");
    }
    try (SafeTensorsReader model = SafeTensorsReader.open(summary.model())) {
      assertThat(model.tensors().keySet()).noneMatch(name -> name.startsWith("optim."));
      assertThat(model.tensor("h.0.attn.qkv.weight").shape()).containsExactly(96, 32);
    }
    assertThat(summary.modelSha256()).matches("[0-9a-f]{64}");
  }

  @Test
  void aStepWithANanLossIsNotAppliedAndStopsTheRunWithItsCheckpointsAsTheyWere() throws IOException {
    PretrainSpec spec = tinySpec(6, 2);
    Path workDir = directory.resolve("run");
    Recorder first = new Recorder();
    TrainingSummary stopped = new Trainer(spec, workDir).run(Optional.empty(), first, () -> first.steps.size() >= 2);
    assertThat(first.steps).allSatisfy(step -> assertThat(step.gradNorm()).isFinite().isPositive());
    Path checkpoint = stopped.lastCheckpoint().path();
    setFirstValueToNan(checkpoint, "h.0.ln_1.weight");
    byte[] poisoned = Files.readAllBytes(checkpoint);

    Recorder resumed = new Recorder();
    assertThatThrownBy(() -> new Trainer(spec, workDir).run(Optional.of(checkpoint), resumed, StopSignal.NEVER))
        .isInstanceOf(TrainingDivergedException.class)
        .hasMessageStartingWith("training diverged at step 3: the loss is NaN and the gradient norm NaN, so the step"
            + " was not applied");

    assertThat(resumed.fromStep).isEqualTo(2);
    assertThat(resumed.steps).isEmpty();
    assertThat(resumed.checkpoints).isEmpty();
    try (Stream<Path> files = Files.list(workDir)) {
      assertThat(files.map(file -> file.getFileName().toString())).containsExactly("ckpt-00000002.safetensors");
    }
    assertThat(Files.readAllBytes(checkpoint)).isEqualTo(poisoned);
  }

  private static void setFirstValueToNan(Path safetensors, String tensor) throws IOException {
    long begin;
    try (SafeTensorsReader reader = SafeTensorsReader.open(safetensors)) {
      begin = reader.tensor(tensor).begin();
    }
    try (FileChannel channel = FileChannel.open(safetensors, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      ByteBuffer headerLength = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
      channel.read(headerLength, 0);
      ByteBuffer nan = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putFloat(0, Float.NaN);
      channel.write(nan, 8 + headerLength.getLong(0) + begin);
    }
  }

  @Test
  void aStopBeforeTheFirstStepStillLeavesACheckpoint() throws IOException {
    Recorder recorder = new Recorder();
    TrainingSummary summary =
        new Trainer(tinySpec(10, 5), directory.resolve("early")).run(Optional.empty(), recorder, () -> true);

    assertThat(summary.stopped()).isTrue();
    assertThat(summary.steps()).isZero();
    assertThat(recorder.steps).isEmpty();
    assertThat(recorder.checkpoints).extracting(CheckpointInfo::step).containsExactly(0L);
    assertThat(Files.exists(summary.lastCheckpoint().path())).isTrue();
  }

  @Test
  void lossFallsOnATinyModel() {
    Recorder recorder = new Recorder();
    PretrainSpec spec = new PretrainSpec(
        new ModelSpec(2, 32, 4, 32),
        new DataSpec("g-text", 200, 7L),
        new OptimizationSpec(100, 8, 3e-3, 10, 0.1, 1.0, 100, 100, 1L),
        "cpu");
    new Trainer(spec, directory.resolve("learn")).run(Optional.empty(), recorder, StopSignal.NEVER);

    double first = recorder.steps.get(0).loss();
    assertThat(first).isBetween(5.0, 6.0); // about ln(256) = 5.55 at initialization
    double lastTen = recorder.steps.subList(90, 100).stream().mapToDouble(StepMetrics::loss).average().orElseThrow();
    assertThat(lastTen).isLessThan(3.0);
    assertThat(recorder.evals.get(0).valLoss()).isLessThan(3.0);
  }

  /**
   * bf16 working weights ({@code PEDIGREE_TORCH_PRECISION=bf16}) over fp32 master weights: the run learns as the fp32
   * one does, its model file holds the fp32 masters, and it resumes bit-identically, accumulation included.
   */
  @Test
  void aBf16RunLearnsLikeAnFp32OneAndResumesBitIdentically() throws IOException {
    PretrainSpec spec = tinySpec(24, 6, 2);
    Recorder fp32 = new Recorder();
    TrainingSummary fp32Run = new Trainer(spec, directory.resolve("fp32")).run(Optional.empty(), fp32, StopSignal.NEVER);
    System.setProperty(TorchRuntime.PRECISION_PROPERTY, "bf16");
    try {
      Recorder bf16 = new Recorder();
      TrainingSummary straight =
          new Trainer(spec, directory.resolve("straight")).run(Optional.empty(), bf16, StopSignal.NEVER);
      Recorder firstHalf = new Recorder();
      TrainingSummary stopped = new Trainer(spec, directory.resolve("resumed"))
          .run(Optional.empty(), firstHalf, () -> firstHalf.steps.size() >= 12);
      TrainingSummary resumed = new Trainer(spec, directory.resolve("resumed"))
          .run(Optional.of(stopped.lastCheckpoint().path()), new Recorder(), StopSignal.NEVER);

      assertSameTensors(straight.model(), resumed.model());
      assertThat(resumed.finalLoss()).isEqualTo(straight.finalLoss());
      assertThat(straight.finalLoss()).isNotEqualTo(fp32Run.finalLoss());
      assertThat(straight.finalLoss()).isCloseTo(fp32Run.finalLoss(), within(0.01 * fp32Run.finalLoss()));
      assertThat(bf16.steps.get(23).loss()).isLessThan(bf16.steps.get(0).loss() - 1.0);
      double bf16ValLoss = bf16.evals.get(bf16.evals.size() - 1).valLoss();
      double fp32ValLoss = fp32.evals.get(fp32.evals.size() - 1).valLoss();
      assertThat(bf16ValLoss).isCloseTo(fp32ValLoss, within(0.01 * fp32ValLoss));
      try (SafeTensorsReader model = SafeTensorsReader.open(straight.model())) {
        assertThat(model.tensor("wte.weight").dtype()).isEqualTo(DType.F32);
      }
    } finally {
      System.clearProperty(TorchRuntime.PRECISION_PROPERTY);
    }
  }

  @Test
  void accumulatingTwoHalfBatchesStepsLikeOneFullBatch() {
    Recorder whole = new Recorder();
    new Trainer(tinySpec(3, 3), directory.resolve("whole")).run(Optional.empty(), whole, StopSignal.NEVER);
    PretrainSpec halves = new PretrainSpec(
        new ModelSpec(2, 32, 4, 32),
        new DataSpec("g-text", 30, 7L),
        new OptimizationSpec(3, 4, 3e-3, 3, 0.1, 1.0, 6, 3, 1L, 2),
        "cpu");
    Recorder accumulated = new Recorder();
    TrainingSummary summary =
        new Trainer(halves, directory.resolve("halves")).run(Optional.empty(), accumulated, StopSignal.NEVER);

    assertThat(summary.lastCheckpoint().dataCursor()).isEqualTo(24);
    for (int step = 0; step < 3; step++) {
      assertThat(accumulated.steps.get(step).loss()).isCloseTo(whole.steps.get(step).loss(), within(1e-5));
    }
  }

  @Test
  void trainsAnUntiedRotaryModelWithoutPositionTable() throws IOException {
    PretrainSpec spec = new PretrainSpec(
        new ModelSpec(2, 32, 4, 32, false, "rotary"),
        new DataSpec("g-text", 30, 7L),
        new OptimizationSpec(12, 8, 3e-3, 3, 0.1, 1.0, 12, 12, 1L),
        "cpu");
    Recorder recorder = new Recorder();
    TrainingSummary summary = new Trainer(spec, directory.resolve("rotary")).run(Optional.empty(), recorder,
        StopSignal.NEVER);

    assertThat(recorder.steps.get(11).loss()).isLessThan(recorder.steps.get(0).loss());
    try (SafeTensorsReader model = SafeTensorsReader.open(summary.model())) {
      assertThat(model.tensors().keySet()).doesNotContain("wpe.weight").last().isEqualTo("lm_head.weight");
    }
  }

  @Test
  void rejectsUnknownPositionsOddRotaryHeadsAndNoAccumulation() {
    PretrainSpec spec = new PretrainSpec(
        new ModelSpec(2, 12, 4, 32, true, "sinusoidal"),
        new DataSpec("g-text", 30, 7L),
        new OptimizationSpec(3, 4, 3e-3, 0, 0.1, 1.0, 3, 3, 1L, 0),
        "cpu");
    assertThatThrownBy(() -> new Trainer(spec, directory))
        .hasMessageContaining("$.model.positions").hasMessageContaining("$.training.gradAccumulation");
    PretrainSpec oddRotary = new PretrainSpec(new ModelSpec(2, 12, 4, 32, true, "rotary"), null, null, "cpu");
    assertThatThrownBy(() -> new Trainer(oddRotary, directory)).hasMessageContaining("even head dimension");
  }

  static final class Recorder implements TrainingListener {
    long fromStep = -1;
    String device;
    final List<StepMetrics> steps = new ArrayList<>();
    final List<EvalMetrics> evals = new ArrayList<>();
    final List<CheckpointInfo> checkpoints = new ArrayList<>();
    final List<Long> tokenStatsSteps = new ArrayList<>();
    double[] lastLossByPosition;
    double lastMeanEntropy = Double.NaN;

    @Override
    public void onStart(long fromStep, long totalSteps, String device) {
      this.fromStep = fromStep;
      this.device = device;
    }

    @Override
    public void onStep(StepMetrics metrics) {
      steps.add(metrics);
    }

    @Override
    public void onEval(EvalMetrics metrics) {
      evals.add(metrics);
    }

    @Override
    public void onTokenStats(long step, double[] lossByPosition, double meanEntropy) {
      tokenStatsSteps.add(step);
      lastLossByPosition = lossByPosition;
      lastMeanEntropy = meanEntropy;
    }

    @Override
    public void onCheckpoint(CheckpointInfo checkpoint) {
      checkpoints.add(checkpoint);
    }
  }
}
