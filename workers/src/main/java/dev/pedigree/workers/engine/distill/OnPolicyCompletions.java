package dev.pedigree.workers.engine.distill;

import dev.pedigree.workers.engine.data.SplitMix64;
import dev.pedigree.workers.engine.model.Gpt;
import dev.pedigree.workers.engine.policy.CompletionBatch;
import dev.pedigree.workers.engine.policy.Rollouts;
import dev.pedigree.workers.engine.policy.TaskPrompts;
import dev.pedigree.workers.engine.sampling.Completion;
import dev.pedigree.workers.engine.sampling.Sampler;
import dev.pedigree.workers.engine.sampling.SamplingOptions;
import dev.pedigree.workers.engine.sampling.SamplingRandom;
import dev.pedigree.workers.engine.tokenizer.Tokenizer;
import dev.pedigree.workflows.spec.DistillSpec;
import java.util.List;
import java.util.stream.LongStream;
import org.bytedeco.pytorch.Device;

/**
 * The student's own completions of the {@code data} generator's training prompts, for on-policy distillation. Prompt
 * {@code k} is the generator's k-th training prompt, and micro-batch {@code m}'s sampling stream is a pure function of
 * {@code (training seed, m)}, so the data cursor a checkpoint stores is all the state a resumed run needs.
 */
final class OnPolicyCompletions {
  private final TaskPrompts prompts;
  private final Tokenizer tokenizer;
  private final SamplingOptions options;
  private final long seed;

  OnPolicyCompletions(DistillSpec spec, Tokenizer tokenizer) {
    this.prompts = new TaskPrompts(spec.data().generator(), spec.data().seed());
    this.tokenizer = tokenizer;
    this.options = Rollouts.stoppingAtNewline(tokenizer,
        SamplingOptions.sampled(spec.onPolicy().maxNewTokens(), spec.onPolicy().temperature(), 0, 1.0));
    this.seed = spec.training().seed();
  }

  /** Completions of prompts {@code first … first + count − 1}, sampled with micro-batch {@code microBatch}'s stream. */
  DistillTokens.Completions sample(Gpt student, long first, int count, long microBatch, Device device) {
    List<int[]> encoded = LongStream.range(first, first + count)
        .mapToObj(k -> tokenizer.encode(prompts.training(k).prompt())).toList();
    SamplingRandom random = SamplingRandom.seeded(SplitMix64.forStream(seed, microBatch).nextLong());
    List<Completion> completions =
        new Sampler(student.config(), student.parameters().byName()).generate(encoded, options, random);
    return new DistillTokens.Completions(
        CompletionBatch.of(encoded, completions.stream().map(Completion::tokens).toList(), device));
  }
}
