package dev.pedigree.workflows.spec;

/**
 * Where prompts come from: problems of the generator that matches the reward ({@link RewardCatalog#GENERATORS}).
 * Training prompts skip the generator's validation indices (every tenth), which evaluation uses.
 *
 * @param seed the generator's seed; the pretraining data's seed gives prompts from the same distribution
 * @param evalPrompts held-out prompts decoded greedily at each evaluation
 */
public record PromptSpec(Long seed, Integer evalPrompts) {
  public PromptSpec {
    seed = seed == null ? 7L : seed;
    evalPrompts = evalPrompts == null ? 64 : evalPrompts;
  }

  public static PromptSpec defaults() {
    return new PromptSpec(null, null);
  }

  void check(SpecChecks checks, String at) {
    checks.range(at + ".evalPrompts", evalPrompts, 1, 100_000);
  }
}
