package dev.pedigree.workers.engine.policy;

import dev.pedigree.workers.engine.data.TaskProblem;
import dev.pedigree.workers.engine.model.Gpt;
import dev.pedigree.workers.engine.reward.Reward;
import dev.pedigree.workers.engine.sampling.Completion;
import dev.pedigree.workers.engine.sampling.Sampler;
import dev.pedigree.workers.engine.sampling.SamplingOptions;
import dev.pedigree.workers.engine.sampling.SamplingRandom;
import dev.pedigree.workers.engine.tokenizer.Tokenizer;
import java.util.ArrayList;
import java.util.List;

/** Samples completions of task prompts from a model (batched, with the KV cache) and scores them with a reward. */
public final class Rollouts {
  private final Tokenizer tokenizer;
  private final Reward reward;
  private final SamplingOptions options;

  public Rollouts(Tokenizer tokenizer, Reward reward, SamplingOptions options) {
    this.tokenizer = tokenizer;
    this.reward = reward;
    this.options = stoppingAtNewline(tokenizer, options);
  }

  /** Rows end at a newline, which ends every generated document, when the tokenizer has it as one token. */
  public static SamplingOptions stoppingAtNewline(Tokenizer tokenizer, SamplingOptions options) {
    int[] newline = tokenizer.encode("\n");
    return newline.length == 1 ? options.withStopToken(newline[0]) : options;
  }

  /** A scored completion of a prompt. */
  public record Rollout(TaskProblem problem, int[] prompt, int[] completion, double reward) {}

  /** One rollout per problem, in order. */
  public List<Rollout> sample(Gpt model, List<TaskProblem> problems, SamplingRandom random) {
    List<int[]> prompts = problems.stream().map(problem -> tokenizer.encode(problem.prompt())).toList();
    List<Completion> completions =
        new Sampler(model.config(), model.parameters().byName()).generate(prompts, options, random);
    List<Rollout> rollouts = new ArrayList<>();
    for (int i = 0; i < problems.size(); i++) {
      int[] tokens = completions.get(i).tokens();
      TaskProblem problem = problems.get(i);
      rollouts.add(new Rollout(problem, prompts.get(i), tokens, reward.score(problem, tokenizer.decode(tokens))));
    }
    return rollouts;
  }

  public Reward reward() {
    return reward;
  }
}
