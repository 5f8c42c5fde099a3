package dev.pedigree.workers.engine;

import static dev.pedigree.workers.engine.SameTensors.assertSameTensors;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pedigree.workers.engine.checkpoint.SafeTensorsReader;
import dev.pedigree.workers.engine.optim.Optimizers;
import dev.pedigree.workflows.spec.DataSpec;
import dev.pedigree.workflows.spec.ModelSpec;
import dev.pedigree.workflows.spec.OptimizationSpec;
import dev.pedigree.workflows.spec.OptimizerSpec;
import dev.pedigree.workflows.spec.PretrainSpec;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FrugalTrainingTest {
  @TempDir Path directory;

  /** 2 layers (8 block matrices), d=32; a new selection every 5 steps, so steps 15 and 20 reselect after a resume. */
  private static PretrainSpec frugalSpec(int steps, OptimizerSpec optimizer) {
    return new PretrainSpec(
        new ModelSpec(2, 32, 4, 32),
        new DataSpec("g-text", 30, 7L),
        new OptimizationSpec(steps, 8, 3e-3, 3, 0.1, 1.0, 6, 5, 1L, 1, optimizer),
        "cpu");
  }

  @Test
  void aResumedFrugalRunEndsWithBitIdenticalWeightsAndState() throws IOException {
    PretrainSpec spec = frugalSpec(24, new OptimizerSpec(OptimizerSpec.FRUGAL, 0.25, 5, null));
    StateBytes straightBytes = new StateBytes();
    TrainingSummary straight = new Trainer(spec, directory.resolve("straight"))
        .run(Optional.empty(), straightBytes, StopSignal.NEVER);

    StateBytes firstHalf = new StateBytes();
    TrainingSummary stopped = new Trainer(spec, directory.resolve("resumed"))
        .run(Optional.empty(), firstHalf, () -> firstHalf.steps >= 12);
    assertThat(stopped.lastCheckpoint().step()).isEqualTo(12);
    try (SafeTensorsReader reader = SafeTensorsReader.open(stopped.lastCheckpoint().path())) {
      assertThat(reader.metadata()).containsEntry("optimizer", "frugal").containsEntry("optimizer.steps", "12")
          .containsKey("optimizer.moments");
      // Selected at step 10, these moments have taken steps 11 and 12; the embedding's all twelve.
      assertThat(reader.metadata().get("optimizer.moments")).contains("wte.weight:12")
          .containsPattern("h\\.\\d\\.[a-z._]+:2");
    }
    StateBytes secondHalf = new StateBytes();
    TrainingSummary resumed = new Trainer(spec, directory.resolve("resumed"))
        .run(Optional.of(stopped.lastCheckpoint().path()), secondHalf, StopSignal.NEVER);

    assertThat(resumed.finalLoss()).isEqualTo(straight.finalLoss());
    assertSameTensors(straight.model(), resumed.model());
    assertSameTensors(straight.lastCheckpoint().path(), resumed.lastCheckpoint().path());
    assertThat(straightBytes.reportedAt).containsExactly(0L, 6L, 11L, 16L, 21L);
    assertThat(secondHalf.reportedAt).containsExactly(16L, 21L);
  }

  @Test
  void aCheckpointResumesOnlyWithTheOptimizerThatWroteIt() {
    PretrainSpec frugal = frugalSpec(4, new OptimizerSpec(OptimizerSpec.FRUGAL, 0.5, 2, 1.0));
    TrainingSummary run = new Trainer(frugal, directory.resolve("frugal"))
        .run(Optional.empty(), new TrainingListener() {}, StopSignal.NEVER);
    PretrainSpec adamW = frugalSpec(8, null);

    assertThatThrownBy(() -> new Trainer(adamW, directory.resolve("adamw"))
        .run(Optional.of(run.lastCheckpoint().path()), new TrainingListener() {}, StopSignal.NEVER))
        .hasMessageContaining("holds frugal state; this run's optimizer is adamw");
  }

  @Test
  void frugalHoldsLessStateThanAdamWAndSignSgdNone() {
    Map<String, Double> bytes = new LinkedHashMap<>();
    for (OptimizerSpec optimizer : List.of(OptimizerSpec.adamW(),
        new OptimizerSpec(OptimizerSpec.FRUGAL, 0.25, 5, null), OptimizerSpec.named(OptimizerSpec.SIGN_SGD))) {
      StateBytes recorder = new StateBytes();
      new Trainer(frugalSpec(4, optimizer), directory.resolve(optimizer.name()))
          .run(Optional.empty(), recorder, StopSignal.NEVER);
      bytes.put(optimizer.name(), recorder.values.get(0));
    }
    // AdamW: two fp32 moments per parameter and one step count.
    assertThat((bytes.get("adamw") - 4) % 8).isZero();
    assertThat(bytes.get("frugal")).isLessThan(bytes.get("adamw"));
    assertThat(bytes.get("signsgd")).isZero();
  }

  private static final class StateBytes implements TrainingListener {
    int steps;
    final List<Long> reportedAt = new ArrayList<>();
    final List<Double> values = new ArrayList<>();

    @Override
    public void onStep(StepMetrics metrics) {
      steps++;
    }

    @Override
    public void onMetrics(long step, Map<String, Double> metrics) {
      if (metrics.containsKey(Optimizers.STATE_BYTES_METRIC)) {
        reportedAt.add(step);
        values.add(metrics.get(Optimizers.STATE_BYTES_METRIC));
      }
    }
  }
}
