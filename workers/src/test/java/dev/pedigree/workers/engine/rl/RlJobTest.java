package dev.pedigree.workers.engine.rl;

import static dev.pedigree.workers.engine.SameTensors.assertSameTensors;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pedigree.workers.engine.CheckpointInfo;
import dev.pedigree.workers.engine.StepMetrics;
import dev.pedigree.workers.engine.StopSignal;
import dev.pedigree.workers.engine.TinyArithBase;
import dev.pedigree.workers.engine.TrainingListener;
import dev.pedigree.workers.engine.TrainingSummary;
import dev.pedigree.workers.engine.checkpoint.ModelFiles;
import dev.pedigree.workflows.spec.PromptSpec;
import dev.pedigree.workflows.spec.RlSpec;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RlJobTest {
  private static final String BASE_ID = "3f2c6a1e-0000-4000-8000-000000000001";

  @TempDir Path directory;

  private static RlSpec spec(String method, int steps) {
    boolean gtpo = "gtpo".equals(method);
    return new RlSpec(BASE_ID, null, method, "arith-exact", new PromptSpec(7L, 8), 4, 4, 2, 16, 1.0, 0.2,
        gtpo ? 0.0 : 0.04, 2.0, 2.0, 0.1, steps, 1e-3, 1.0, 2, 2, 5L, "cpu");
  }

  private static Map<String, Path> base() {
    return Map.of("base", TinyArithBase.model());
  }

  @ParameterizedTest
  @ValueSource(strings = {"grpo", "gtpo"})
  void aResumedRunEndsWithBitIdenticalWeights(String method) throws IOException {
    RlSpec spec = spec(method, 4);
    Recorder whole = new Recorder();
    TrainingSummary straight = new RlJob(spec, base(), directory.resolve("straight"))
        .run(Optional.empty(), whole, StopSignal.NEVER);
    // the second half must learn something, or equal weights would prove nothing
    assertThat(whole.metrics.get(3L).get("rl/reward_std") + whole.metrics.get(4L).get("rl/reward_std")).isPositive();

    Recorder firstHalf = new Recorder();
    TrainingSummary stopped = new RlJob(spec, base(), directory.resolve("resumed"))
        .run(Optional.empty(), firstHalf, () -> firstHalf.steps.size() >= 2);
    assertThat(stopped.stopped()).isTrue();
    assertThat(stopped.lastCheckpoint().step()).isEqualTo(2);

    Recorder secondHalf = new Recorder();
    TrainingSummary resumed = new RlJob(spec, base(), directory.resolve("resumed"))
        .run(Optional.of(stopped.lastCheckpoint().path()), secondHalf, StopSignal.NEVER);

    assertThat(secondHalf.steps).extracting(StepMetrics::step).containsExactly(3L, 4L);
    assertThat(resumed.finalLoss()).isEqualTo(straight.finalLoss());
    assertSameTensors(straight.model(), resumed.model());
    assertThat(ModelFiles.header(resumed.model()).metadata())
        .containsEntry("reward", "arith-exact@1").containsEntry("method", method);
  }

  @Test
  void grpoReportsRolloutMetricsAndMovesAwayFromTheReferenceOnceRewardsDiffer() {
    Recorder recorder = new Recorder();
    new RlJob(spec("grpo", 3), base(), directory.resolve("grpo")).run(Optional.empty(), recorder, StopSignal.NEVER);

    assertThat(recorder.metrics.get(1L)).containsKeys("rl/reward_mean", "rl/reward_std", "rl/accuracy",
        "rl/completion_length", "rl/entropy", "rl/kl", "rl/conflict_tokens");
    // the first rollout comes from the reference itself; the policy moves only after a step whose rewards differ
    assertThat(recorder.metrics.get(1L).get("rl/kl")).isEqualTo(0.0);
    long firstSignal = recorder.metrics.entrySet().stream()
        .filter(step -> step.getValue().getOrDefault("rl/reward_std", 0.0) > 1e-9).findFirst().orElseThrow().getKey();
    assertThat(firstSignal).isLessThan(3);
    assertThat(recorder.metrics.get(firstSignal).get("rl/kl")).isEqualTo(0.0);
    assertThat(recorder.metrics.get(firstSignal + 1).get("rl/kl")).isPositive();
    assertThat(recorder.metrics.get(1L).get("rl/completion_length")).isBetween(1.0, 16.0);
    assertThat(recorder.taskEvals).containsKeys(0L, 2L, 3L);
  }

  @Test
  void gtpoFindsConflictTokensAndNeedsNoReference() {
    Recorder recorder = new Recorder();
    TrainingSummary summary = new RlJob(spec("gtpo", 3), base(), directory.resolve("gtpo"))
        .run(Optional.empty(), recorder, StopSignal.NEVER);

    assertThat(summary.model()).exists();
    assertThat(recorder.metrics.get(1L)).doesNotContainKey("rl/kl");
    double conflicts = recorder.metrics.values().stream()
        .mapToDouble(step -> step.getOrDefault("rl/conflict_tokens", 0.0)).sum();
    assertThat(conflicts).isPositive();
  }

  static final class Recorder implements TrainingListener {
    final List<StepMetrics> steps = new ArrayList<>();
    final Map<Long, Map<String, Double>> metrics = new TreeMap<>();
    final Map<Long, Double> taskEvals = new TreeMap<>();
    final List<CheckpointInfo> checkpoints = new ArrayList<>();

    @Override
    public void onStep(StepMetrics step) {
      steps.add(step);
    }

    @Override
    public void onMetrics(long step, Map<String, Double> values) {
      metrics.computeIfAbsent(step, s -> new TreeMap<>()).putAll(values);
    }

    @Override
    public void onTaskEval(long step, String task, double accuracy) {
      taskEvals.put(step, accuracy);
    }

    @Override
    public void onCheckpoint(CheckpointInfo checkpoint) {
      checkpoints.add(checkpoint);
    }
  }
}
