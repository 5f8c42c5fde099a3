package dev.pedigree.workers.engine.policy;

import dev.pedigree.workers.engine.data.TaskProblem;
import dev.pedigree.workers.engine.model.Gpt;
import dev.pedigree.workers.engine.policy.Rollouts.Rollout;
import dev.pedigree.workers.engine.reward.Reward;
import dev.pedigree.workers.engine.sampling.SamplingOptions;
import dev.pedigree.workers.engine.sampling.SamplingRandom;
import dev.pedigree.workers.engine.tokenizer.Tokenizer;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Device;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Tensor;

/**
 * A policy scored on held-out prompts: greedy decoding gives the reward and exact-match accuracy; sampling at
 * temperature 1 gives the sampled reward and an estimate of the sequence KL(π‖π_ref), the mean over samples of
 * {@code Σ_t log π(y_t) - log π_ref(y_t)}. Samples are drawn from a fixed stream, so evaluations are comparable.
 */
public final class RewardEvaluation {
  private static final long SAMPLING_SEED = 0x5EED;

  private final List<TaskProblem> problems;
  private final Rollouts greedy;
  private final Rollouts sampled;

  /** The first {@code count} held-out prompts. */
  public RewardEvaluation(TaskPrompts prompts, int count, Tokenizer tokenizer, Reward reward, int maxNewTokens) {
    this.problems = LongStream.range(0, count).mapToObj(prompts::heldOut).toList();
    this.greedy = new Rollouts(tokenizer, reward, SamplingOptions.greedy(maxNewTokens));
    this.sampled = new Rollouts(tokenizer, reward, SamplingOptions.sampled(maxNewTokens, 1.0, 0, 1.0));
  }

  /** Mean reward and the share of solved prompts under greedy decoding. */
  public record Greedy(double reward, double accuracy) {}

  /** Mean reward of samples and their estimated sequence KL to the reference (nats). */
  public record Sampled(double reward, double kl) {}

  public Greedy greedy(Gpt policy) {
    List<Rollout> rollouts = greedy.sample(policy, problems, SamplingRandom.seeded(SAMPLING_SEED));
    Reward reward = greedy.reward();
    double total = 0;
    int solved = 0;
    for (Rollout rollout : rollouts) {
      total += rollout.reward();
      solved += reward.solved(rollout.reward()) ? 1 : 0;
    }
    return new Greedy(total / rollouts.size(), (double) solved / rollouts.size());
  }

  public Sampled sampled(Gpt policy, Gpt reference, Device device) {
    List<Rollout> rollouts = sampled.sample(policy, problems, SamplingRandom.seeded(SAMPLING_SEED));
    try (PointerScope scope = new PointerScope(); NoGradGuard noGrad = new NoGradGuard()) {
      CompletionBatch batch = CompletionBatch.of(rollouts.stream().map(Rollout::prompt).toList(),
          rollouts.stream().map(Rollout::completion).toList(), device);
      Tensor logRatios = logProbs(batch, policy).sub(logProbs(batch, reference)).mul(batch.mask());
      double kl = logRatios.sum().item_double() / rollouts.size();
      double reward = rollouts.stream().mapToDouble(Rollout::reward).average().orElseThrow();
      return new Sampled(reward, kl);
    }
  }

  private static Tensor logProbs(CompletionBatch batch, Gpt model) {
    Map<String, Tensor> weights = model.parameters().byName();
    return batch.tokenLogProbs(batch.logDistributions(model.config(), weights));
  }
}
