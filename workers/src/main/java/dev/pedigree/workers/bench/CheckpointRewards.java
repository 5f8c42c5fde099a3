package dev.pedigree.workers.bench;

import dev.pedigree.workers.engine.CheckpointInfo;
import dev.pedigree.workers.engine.TrainingListener;
import dev.pedigree.workers.engine.checkpoint.Checkpoints;
import dev.pedigree.workers.engine.model.Gpt;
import dev.pedigree.workers.engine.optim.AdamW;
import dev.pedigree.workers.engine.policy.RewardEvaluation;
import java.util.Map;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Device;

/**
 * Passes a run's metrics on to {@code recorder} and scores each of its checkpoints as it is written, for kinds that do
 * not evaluate a reward themselves (distill): the checkpoint's weights go into {@code scratch}, a model of the same
 * shape, and its sampled reward and sequence KL to {@code reference} are reported as {@code eval/sampled_reward} and
 * {@code eval/kl} at the checkpoint's step, as the preference kind reports them.
 */
record CheckpointRewards(TrainingListener recorder, Gpt scratch, Gpt reference, RewardEvaluation evaluation,
    Device device) implements TrainingListener {
  @Override
  public void onMetrics(long step, Map<String, Double> values) {
    recorder.onMetrics(step, values);
  }

  @Override
  public void onCheckpoint(CheckpointInfo checkpoint) {
    try (PointerScope scope = new PointerScope()) {
      Checkpoints.restore(checkpoint.path(), scratch.parameters(), new AdamW(scratch.parameters(), 0.0));
      RewardEvaluation.Sampled sampled = evaluation.sampled(scratch, reference, device);
      recorder.onMetrics(checkpoint.step(), Map.of("eval/sampled_reward", sampled.reward(), "eval/kl", sampled.kl()));
    }
  }
}
