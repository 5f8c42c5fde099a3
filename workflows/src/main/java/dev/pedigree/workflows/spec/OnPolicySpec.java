package dev.pedigree.workflows.spec;

/**
 * On-policy distillation: each step the student samples its own completions of prompts, and the loss is taken on the
 * sampled tokens instead of on {@code data} windows. Prompts are the training prompts of the {@code data} generator
 * with its seed (for G-text the first three words of a document, as the preference and rl kinds prompt), in order;
 * a completion ends at a newline or after {@code maxNewTokens}.
 *
 * @param maxNewTokens the longest completion, in tokens; prompt plus completion must fit the student's context
 * @param temperature the student's sampling temperature
 */
public record OnPolicySpec(Integer maxNewTokens, Double temperature) {
  public OnPolicySpec {
    maxNewTokens = maxNewTokens == null ? 32 : maxNewTokens;
    temperature = temperature == null ? 1.0 : temperature;
  }

  public static OnPolicySpec defaults() {
    return new OnPolicySpec(null, null);
  }

  void check(SpecChecks checks, String at) {
    checks.range(at + ".maxNewTokens", maxNewTokens, 1, 4096);
    checks.range(at + ".temperature", temperature, 0.05, 100.0);
  }
}
