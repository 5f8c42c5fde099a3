package dev.pedigree.workers.engine.preference;

import static dev.pedigree.workers.engine.SameTensors.assertSameTensors;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.pedigree.workers.engine.StepMetrics;
import dev.pedigree.workers.engine.StopSignal;
import dev.pedigree.workers.engine.TinyArithBase;
import dev.pedigree.workers.engine.TrainingListener;
import dev.pedigree.workers.engine.TrainingSummary;
import dev.pedigree.workers.engine.checkpoint.ModelFiles;
import dev.pedigree.workers.engine.model.Gpt;
import dev.pedigree.workflows.spec.PairsSpec;
import dev.pedigree.workflows.spec.PreferenceSpec;
import dev.pedigree.workflows.spec.PromptSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.bytedeco.pytorch.Device;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PreferenceJobTest {
  private static final String BASE_ID = "3f2c6a1e-0000-4000-8000-000000000001";
  private static final String GUIDE_ID = "3f2c6a1e-0000-4000-8000-000000000002";

  @TempDir Path directory;

  private static PreferenceSpec spec(String method, PairsSpec pairs) {
    return spec(method, 0.0, pairs);
  }

  private static PreferenceSpec spec(String method, double rpoAlpha, PairsSpec pairs) {
    return new PreferenceSpec(BASE_ID, null, "tgdpo".equals(method) ? GUIDE_ID : null, method, 0.5, null, rpoAlpha,
        pairs, 8, 8, 1e-3, 1.0, 8, 8, 3L, "cpu");
  }

  private static PairsSpec generated() {
    return new PairsSpec("arith-exact", new PromptSpec(7L, 8), 32, 4, 16, 1.0, null, null);
  }

  @Test
  void dpoStartsAtLogTwoAndLearnsItsPairs() {
    Recorder recorder = new Recorder();
    TrainingSummary summary = new PreferenceJob(spec("dpo", generated()), Map.of("base", TinyArithBase.model()),
        directory.resolve("dpo")).run(Optional.empty(), recorder, StopSignal.NEVER);

    // the policy starts as the reference, so every margin is 0 and the loss is ln 2
    assertThat(recorder.steps.get(0).loss()).isCloseTo(Math.log(2), within(1e-4));
    // later batches, mostly unseen pairs, are ranked right more often than not, by a positive mean margin
    for (String key : List.of("pref/accuracy", "pref/reward_margin")) {
      double later = recorder.metrics.entrySet().stream().filter(step -> step.getKey() >= 2)
          .mapToDouble(step -> step.getValue().get(key)).average().orElseThrow();
      assertThat(later).as(key).isGreaterThan(key.equals("pref/accuracy") ? 0.6 : 0.0);
    }
    assertThat(recorder.metrics.get(8L).get("rl/kl")).isPositive();
    // TRL's DPO diagnostics: at step 1 both implicit rewards are 0 since the policy is the reference
    assertThat(recorder.metrics.get(1L).get("pref/chosen_reward")).isCloseTo(0.0, within(1e-6));
    assertThat(recorder.metrics.get(1L).get("pref/rejected_reward")).isCloseTo(0.0, within(1e-6));
    for (Map<String, Double> step : recorder.metrics.tailMap(1L).values()) {
      assertThat(step.get("pref/reward_margin"))
          .isCloseTo(step.get("pref/chosen_reward") - step.get("pref/rejected_reward"), within(1e-9));
      assertThat(step.get("pref/chosen_logp")).isNegative();
      assertThat(step.get("pref/rejected_logp")).isNegative();
    }
    // by the last step the chosen side has gained on the reference relative to the rejected side
    assertThat(recorder.metrics.get(8L).get("pref/chosen_reward"))
        .isGreaterThan(recorder.metrics.get(8L).get("pref/rejected_reward"));
    // the pairs are best vs worst of 4 samples: the chosen scores higher, and only some chosen answers are right
    Map<String, Double> pairs = recorder.metrics.get(0L);
    assertThat(pairs.get("pref/pairs_chosen_score")).isGreaterThan(pairs.get("pref/pairs_rejected_score"));
    assertThat(pairs.get("pref/pairs_chosen_solved")).isBetween(0.0, 1.0)
        .isCloseTo((pairs.get("pref/pairs_chosen_score") - 0.1) / 0.9, within(1e-9));
    assertThat(recorder.metrics.get(8L)).containsKeys("pref/accuracy", "eval/kl", "eval/reward");
    assertThat(ModelFiles.header(summary.model()).metadata()).containsEntry("method", "dpo")
        .containsEntry("reward", "arith-exact@1");
  }

  @Test
  void rpoAlphaAddsTheChosenNllAndKeepsTheChosenCompletionsLikelierThanDpo() {
    Recorder dpo = new Recorder();
    new PreferenceJob(spec("dpo", generated()), Map.of("base", TinyArithBase.model()), directory.resolve("dpo"))
        .run(Optional.empty(), dpo, StopSignal.NEVER);
    Recorder rpo = new Recorder();
    new PreferenceJob(spec("dpo", 1.0, generated()), Map.of("base", TinyArithBase.model()), directory.resolve("rpo"))
        .run(Optional.empty(), rpo, StopSignal.NEVER);

    // the same first batch: ln 2 plus the chosen completions' NLL per token
    assertThat(rpo.steps.get(0).loss()).isGreaterThan(Math.log(2) + 0.01);
    assertThat(rpo.metrics.get(8L).get("pref/chosen_reward"))
        .isGreaterThan(dpo.metrics.get(8L).get("pref/chosen_reward"));
  }

  @Test
  void stepMetricsAverageEachSideOfTheBatch() {
    double[][] rows = {{0.5, -3, 0.1}, {-1, -4, 0.2}, {-0.5, -5, 0.3}, {-1, -6, 0.4}};

    Map<String, Double> metrics = PreferenceJob.pairStepMetrics(rows, 2, 0.1);

    assertThat(metrics.get("pref/chosen_reward")).isCloseTo(-0.025, within(1e-12));
    assertThat(metrics.get("pref/rejected_reward")).isCloseTo(-0.075, within(1e-12));
    assertThat(metrics.get("pref/reward_margin")).isCloseTo(0.05, within(1e-12));
    // a tie ranks the pair wrong
    assertThat(metrics.get("pref/accuracy")).isEqualTo(0.5);
    assertThat(metrics.get("pref/chosen_logp")).isEqualTo(-3.5);
    assertThat(metrics.get("pref/rejected_logp")).isEqualTo(-5.5);
    assertThat(metrics.get("rl/kl")).isCloseTo(0.25, within(1e-12));
  }

  @Test
  void tdpoAndTgdpoTrainFromAFileAndADpoGuide() throws IOException {
    Path pairsFile = directory.resolve("pairs.jsonl");
    Files.write(pairsFile, List.of(
        "{\"prompt\": \"Q: 2+3 =\", \"chosen\": \" <a>5</a>\\n\", \"rejected\": \" <a>6</a>\\n\"}",
        "{\"prompt\": \"Q: 7*8 =\", \"chosen\": \" <a>56</a>\\n\", \"rejected\": \" <a>54</a>\\n\"}"));
    PairsSpec fromFile = new PairsSpec(null, null, null, null, null, null, pairsFile.toString(), null);
    Map<String, Path> models = new HashMap<>(Map.of("base", TinyArithBase.model()));

    Recorder tdpo = new Recorder();
    new PreferenceJob(spec("tdpo", fromFile), models, directory.resolve("tdpo"))
        .run(Optional.empty(), tdpo, StopSignal.NEVER);
    assertThat(tdpo.steps.get(0).loss()).isCloseTo(Math.log(2), within(1e-4));
    assertThat(tdpo.metrics.get(0L)).containsOnlyKeys("pref/pairs").containsEntry("pref/pairs", 2.0);
    assertThat(tdpo.steps.get(7).loss()).isLessThan(tdpo.steps.get(0).loss());

    Path guide = new PreferenceJob(spec("dpo", fromFile), models, directory.resolve("guide"))
        .run(Optional.empty(), new TrainingListener() {}, StopSignal.NEVER).model();
    models.put("guide", guide);
    Recorder tgdpo = new Recorder();
    new PreferenceJob(spec("tgdpo", fromFile), models, directory.resolve("tgdpo"))
        .run(Optional.empty(), tgdpo, StopSignal.NEVER);
    assertThat(tgdpo.steps.get(0).loss()).isCloseTo(Math.log(2), within(1e-4));
    assertThat(tgdpo.steps.get(7).loss()).isLessThan(tgdpo.steps.get(0).loss());

    models.put("guide", TinyArithBase.model());
    assertThatThrownBy(() -> new PreferenceJob(spec("tgdpo", fromFile), models, directory.resolve("bad"))
        .run(Optional.empty(), new TrainingListener() {}, StopSignal.NEVER))
        .hasMessageContaining("made by a dpo preference run");

    PairsSpec reversed = new PairsSpec(null, null, null, null, null, null, pairsFile.toString(), true);
    Path reverseDpo = new PreferenceJob(spec("dpo", reversed), models, directory.resolve("reverse-dpo"))
        .run(Optional.empty(), new TrainingListener() {}, StopSignal.NEVER).model();
    assertThat(ModelFiles.header(reverseDpo).metadata()).containsEntry("method", "dpo").containsEntry("pairs", "reversed");
    models.put("guide", reverseDpo);
    assertThatThrownBy(() -> new PreferenceJob(spec("tgdpo", fromFile), models, directory.resolve("bad-guide"))
        .run(Optional.empty(), new TrainingListener() {}, StopSignal.NEVER))
        .hasMessageContaining("reverse-DPO model");
  }

  @Test
  void aBaseWhoseSamplesNeverDifferInRewardIsBadInputNotSomethingToRetry() {
    ModelFiles.LoadedModel tiny = ModelFiles.load(TinyArithBase.model(), new Device("cpu"));
    Path untrained = directory.resolve("untrained.safetensors");
    ModelFiles.write(untrained, tiny.config(), tiny.tokenizer(),
        Gpt.initialize(tiny.config(), 1, new Device("cpu")).parameters(), Map.of());

    assertThatThrownBy(() -> new PreferenceJob(spec("dpo", generated()), Map.of("base", untrained),
        directory.resolve("unpairable")).run(Optional.empty(), new TrainingListener() {}, StopSignal.NEVER))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no pair could be made");
  }

  @ParameterizedTest
  @ValueSource(strings = {"dpo", "tdpo", "tgdpo"})
  void aResumedRunEndsWithBitIdenticalWeights(String method) throws IOException {
    Map<String, Path> models = new HashMap<>(Map.of("base", TinyArithBase.model()));
    if ("tgdpo".equals(method)) {
      models.put("guide", new PreferenceJob(fourSteps("dpo"), models, directory.resolve("guide"))
          .run(Optional.empty(), new TrainingListener() {}, StopSignal.NEVER).model());
    }
    PreferenceSpec spec = fourSteps(method);
    Recorder straightRecorder = new Recorder();
    TrainingSummary straight = new PreferenceJob(spec, models, directory.resolve("straight"))
        .run(Optional.empty(), straightRecorder, StopSignal.NEVER);

    Recorder firstHalf = new Recorder();
    TrainingSummary stopped = new PreferenceJob(spec, models, directory.resolve("resumed"))
        .run(Optional.empty(), firstHalf, () -> firstHalf.steps.size() >= 2);
    assertThat(stopped.stopped()).isTrue();
    assertThat(stopped.lastCheckpoint().step()).isEqualTo(2);

    Recorder secondHalf = new Recorder();
    TrainingSummary resumed = new PreferenceJob(spec, models, directory.resolve("resumed"))
        .run(Optional.of(stopped.lastCheckpoint().path()), secondHalf, StopSignal.NEVER);

    assertThat(secondHalf.steps).extracting(StepMetrics::step).containsExactly(3L, 4L);
    assertThat(secondHalf.metrics.keySet()).as("no point at the resume step: the first attempt made step 2's")
        .containsExactly(3L, 4L);
    // the policy has left the reference by step 3, so the loss is no longer ln 2: the second half learns
    assertThat(secondHalf.steps.get(0).loss()).isNotCloseTo(Math.log(2), within(1e-4));
    assertThat(resumed.finalLoss()).isEqualTo(straight.finalLoss());
    assertThat(secondHalf.metrics).isEqualTo(straightRecorder.metrics.tailMap(3L));
    assertSameTensors(straight.model(), resumed.model());
  }

  private static PreferenceSpec fourSteps(String method) {
    return new PreferenceSpec(BASE_ID, null, "tgdpo".equals(method) ? GUIDE_ID : null, method, 0.5, null, null,
        generated(), 4, 8, 1e-3, 1.0, 2, 2, 3L, "cpu");
  }

  static final class Recorder implements TrainingListener {
    final List<StepMetrics> steps = new ArrayList<>();
    final TreeMap<Long, Map<String, Double>> metrics = new TreeMap<>();

    @Override
    public void onStep(StepMetrics step) {
      steps.add(step);
    }

    @Override
    public void onMetrics(long step, Map<String, Double> values) {
      metrics.computeIfAbsent(step, s -> new TreeMap<>()).putAll(values);
    }
  }
}
