package dev.pedigree.workflows.spec;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The spec of an {@code rl} run (METHODS.md §2.2): online policy optimization of the {@code base} model against a
 * programmatic reward, GRPO or GTPO. A step samples {@code groupSize} completions for each of {@code promptsPerStep}
 * prompts, then takes {@code updatesPerStep} optimizer steps on them.
 *
 * @param base the model artifact to improve (lineage {@code rl_from})
 * @param reference the KL anchor for GRPO (lineage {@code reference}); the base when omitted. GTPO uses none.
 * @param method {@code grpo} or {@code gtpo}
 * @param reward a name in {@link RewardCatalog}
 * @param clipEpsilon PPO clip range of the probability ratio
 * @param klBeta GRPO's coefficient of the k3 KL estimate to the reference (0.04 by default, 0 for GTPO)
 * @param entropyThreshold GTPO drops completions whose mean token entropy (nats) exceeds it
 * @param conflictWeight GTPO's multiplier of conflict-token updates in positive-advantage completions
 * @param entropyShaping GTPO subtracts this times a completion's mean entropy from its advantage
 */
public record RlSpec(
    String base,
    String reference,
    String method,
    String reward,
    PromptSpec prompts,
    Integer groupSize,
    Integer promptsPerStep,
    Integer updatesPerStep,
    Integer maxNewTokens,
    Double temperature,
    Double clipEpsilon,
    Double klBeta,
    Double entropyThreshold,
    Double conflictWeight,
    Double entropyShaping,
    Integer steps,
    Double learningRate,
    Double gradClip,
    Integer evalEvery,
    Integer checkpointEvery,
    Long seed,
    String device)
    implements RunSpec {
  public static final Set<String> METHODS = Set.of("grpo", "gtpo");

  public RlSpec {
    method = method == null ? "grpo" : method;
    reward = reward == null ? "arith-exact" : reward;
    prompts = prompts == null ? PromptSpec.defaults() : prompts;
    groupSize = groupSize == null ? 8 : groupSize;
    promptsPerStep = promptsPerStep == null ? 4 : promptsPerStep;
    updatesPerStep = updatesPerStep == null ? 1 : updatesPerStep;
    maxNewTokens = maxNewTokens == null ? 16 : maxNewTokens;
    temperature = temperature == null ? 1.0 : temperature;
    clipEpsilon = clipEpsilon == null ? 0.2 : clipEpsilon;
    klBeta = klBeta == null ? ("gtpo".equals(method) ? 0.0 : 0.04) : klBeta;
    entropyThreshold = entropyThreshold == null ? 0.7 : entropyThreshold;
    conflictWeight = conflictWeight == null ? 2.0 : conflictWeight;
    entropyShaping = entropyShaping == null ? 0.1 : entropyShaping;
    steps = steps == null ? 100 : steps;
    learningRate = learningRate == null ? 1e-4 : learningRate;
    gradClip = gradClip == null ? 1.0 : gradClip;
    evalEvery = evalEvery == null ? 20 : evalEvery;
    checkpointEvery = checkpointEvery == null ? 20 : checkpointEvery;
    seed = seed == null ? 1L : seed;
    device = device == null ? "cpu" : device;
  }

  public boolean gtpo() {
    return "gtpo".equals(method);
  }

  /** Whether the loss has a KL term, so a reference model is loaded. */
  public boolean usesReference() {
    return !gtpo() && klBeta > 0;
  }

  @Override
  public List<SpecError> validate(String at) {
    SpecChecks checks = new SpecChecks();
    checks.artifactId(at + ".base", base, true);
    checks.artifactId(at + ".reference", reference, false);
    checks.oneOf(at + ".method", method, METHODS);
    RewardCatalog.check(checks, at + ".reward", reward);
    prompts.check(checks, at + ".prompts");
    checks.range(at + ".groupSize", groupSize, 2, 1024);
    checks.range(at + ".promptsPerStep", promptsPerStep, 1, 4096);
    checks.range(at + ".updatesPerStep", updatesPerStep, 1, 64);
    checks.range(at + ".maxNewTokens", maxNewTokens, 1, 8192);
    checks.range(at + ".temperature", temperature, 1e-3, 100.0);
    checks.range(at + ".clipEpsilon", clipEpsilon, 0.0, 10.0);
    checks.range(at + ".klBeta", klBeta, 0.0, 100.0);
    checks.range(at + ".entropyThreshold", entropyThreshold, 0.0, 1e6);
    checks.range(at + ".conflictWeight", conflictWeight, 0.0, 100.0);
    checks.range(at + ".entropyShaping", entropyShaping, 0.0, 100.0);
    if (gtpo()) {
      checks.require(reference == null, at + ".reference", "GTPO uses no reference model");
      checks.require(klBeta == 0, at + ".klBeta", "GTPO has no KL term; must be 0");
    }
    checks.loop(at, steps, learningRate, gradClip, evalEvery, checkpointEvery);
    checks.device(at + ".device", device);
    return checks.errors();
  }

  @Override
  public long totalSteps() {
    return steps;
  }

  @Override
  public InputCompatibility inputCompatibility() {
    return InputCompatibility.TOKENIZER;
  }

  @Override
  public List<ModelInput> modelInputs(String at) {
    Map<String, Object> params = new LinkedHashMap<>();
    params.put("method", method);
    params.put("reward", RewardCatalog.qualified(reward));
    List<ModelInput> inputs = new ArrayList<>();
    inputs.add(new ModelInput("base", base, "rl_from", params, at + ".base"));
    if (reference != null) {
      inputs.add(new ModelInput("reference", reference, "reference", Map.of("role", "kl", "klBeta", klBeta),
          at + ".reference"));
    }
    return inputs;
  }
}
