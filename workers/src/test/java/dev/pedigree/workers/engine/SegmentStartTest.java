package dev.pedigree.workers.engine;

import static dev.pedigree.workers.engine.SameTensors.assertSameTensors;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pedigree.workers.engine.optim.LearningRateSchedule;
import dev.pedigree.workflows.spec.DataSpec;
import dev.pedigree.workflows.spec.ModelSpec;
import dev.pedigree.workflows.spec.OptimizationSpec;
import dev.pedigree.workflows.spec.PretrainSpec;
import dev.pedigree.workflows.spec.SegmentSpec;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Segments of one schedule, each starting from the checkpoint the one before wrote, as PBT's generations run. */
class SegmentStartTest {
  private static final String SOME_ARTIFACT = UUID.randomUUID().toString();

  @TempDir Path directory;

  private static PretrainSpec spec(double learningRate, int layers) {
    return new PretrainSpec(new ModelSpec(layers, 32, 4, 32), new DataSpec("g-text", 30, 7L),
        new OptimizationSpec(24, 8, learningRate, 3, 0.1, 1.0, 6, 5, 1L), "cpu");
  }

  private TrainingSummary firstSegment(PretrainSpec spec) {
    return new Trainer(spec.withSegment(new SegmentSpec(null, 12)), directory.resolve("first"))
        .run(Optional.empty(), new TrainingListener() {}, StopSignal.NEVER);
  }

  private static Trainer continued(PretrainSpec spec, Integer untilStep, Path checkpoint, Path workDir) {
    return new Trainer(spec.withSegment(new SegmentSpec(SOME_ARTIFACT, untilStep)),
        Map.of(SegmentSpec.CHECKPOINT_ROLE, checkpoint), workDir);
  }

  @Test
  void twoSegmentsWithTheSameValuesEndWithTheWeightsOfOneRun() throws IOException {
    PretrainSpec spec = spec(3e-3, 2);
    TrainingSummary straight = new Trainer(spec, directory.resolve("straight"))
        .run(Optional.empty(), new TrainingListener() {}, StopSignal.NEVER);

    TrainingSummary first = firstSegment(spec);
    assertThat(first.stopped()).isFalse();
    assertThat(first.steps()).isEqualTo(12);
    assertThat(first.lastCheckpoint().step()).isEqualTo(12);
    TrainerTest.Recorder second = new TrainerTest.Recorder();
    TrainingSummary last = continued(spec, null, first.lastCheckpoint().path(), directory.resolve("second"))
        .run(Optional.empty(), second, StopSignal.NEVER);

    assertThat(second.fromStep).isEqualTo(12);
    assertThat(second.steps.get(0).step()).isEqualTo(13);
    assertThat(last.steps()).isEqualTo(24);
    assertThat(last.finalLoss()).isEqualTo(straight.finalLoss());
    assertSameTensors(straight.model(), last.model());
  }

  @Test
  void aSegmentWithAnotherLearningRateContinuesTheScheduleAtItsOwnPeak() {
    TrainingSummary first = firstSegment(spec(3e-3, 2));
    TrainerTest.Recorder second = new TrainerTest.Recorder();

    continued(spec(1e-3, 2), 18, first.lastCheckpoint().path(), directory.resolve("second"))
        .run(Optional.empty(), second, StopSignal.NEVER);

    assertThat(second.steps).extracting(StepMetrics::step).containsExactly(13L, 14L, 15L, 16L, 17L, 18L);
    assertThat(second.steps.get(0).learningRate()).isEqualTo(new LearningRateSchedule(1e-3, 3, 24).at(12));
  }

  @Test
  void refusesACheckpointOfAnotherModelOrOneAtItsStopStep() {
    TrainingSummary first = firstSegment(spec(3e-3, 2));
    Path checkpoint = first.lastCheckpoint().path();

    assertThatThrownBy(() -> continued(spec(3e-3, 1), null, checkpoint, directory.resolve("other-model"))
        .run(Optional.empty(), new TrainingListener() {}, StopSignal.NEVER))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("another model");
    assertThatThrownBy(() -> continued(spec(3e-3, 2), 12, checkpoint, directory.resolve("no-steps"))
        .run(Optional.empty(), new TrainingListener() {}, StopSignal.NEVER))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at step 12");
  }
}
