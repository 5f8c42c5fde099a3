package dev.pedigree.workflows.spec;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The spec of a {@code preference} run (METHODS.md §2.2): offline optimization of the {@code base} model on preference
 * pairs with DPO, TDPO (TDPO2: the token-level KL term with weight {@code alpha}) or TGDPO (token rewards from the
 * {@code guide}, a finished DPO model, with weight {@code alpha}).
 *
 * @param base the model to fine-tune (lineage {@code finetuned_from}); it also samples generated pairs
 * @param reference the frozen model of the log-ratios (lineage {@code reference}); the base when omitted
 * @param guide TGDPO only: a model made by a {@code dpo} preference run (lineage {@code reference}, role guide)
 * @param alpha TDPO's weight of the sequential KL term (0.5) or TGDPO's token-reward scale (1.0)
 * @param rpoAlpha weight of a negative log-likelihood term on the chosen completions (per token), added to the loss
 *     as TRL's DPOConfig {@code rpo_alpha} adds it; 0, the default, leaves it out
 */
public record PreferenceSpec(
    String base,
    String reference,
    String guide,
    String method,
    Double beta,
    Double alpha,
    Double rpoAlpha,
    PairsSpec pairs,
    Integer steps,
    Integer batchSize,
    Double learningRate,
    Double gradClip,
    Integer evalEvery,
    Integer checkpointEvery,
    Long seed,
    String device)
    implements RunSpec {
  public static final Set<String> METHODS = Set.of("dpo", "tdpo", "tgdpo");

  public PreferenceSpec {
    method = method == null ? "dpo" : method;
    beta = beta == null ? 0.1 : beta;
    alpha = alpha == null ? ("tgdpo".equals(method) ? 1.0 : 0.5) : alpha;
    rpoAlpha = rpoAlpha == null ? 0.0 : rpoAlpha;
    pairs = pairs == null ? PairsSpec.defaults() : pairs;
    steps = steps == null ? 100 : steps;
    batchSize = batchSize == null ? 16 : batchSize;
    learningRate = learningRate == null ? 1e-4 : learningRate;
    gradClip = gradClip == null ? 1.0 : gradClip;
    evalEvery = evalEvery == null ? 20 : evalEvery;
    checkpointEvery = checkpointEvery == null ? 20 : checkpointEvery;
    seed = seed == null ? 1L : seed;
    device = device == null ? "cpu" : device;
  }

  @Override
  public List<SpecError> validate(String at) {
    SpecChecks checks = new SpecChecks();
    checks.artifactId(at + ".base", base, true);
    checks.artifactId(at + ".reference", reference, false);
    checks.artifactId(at + ".guide", guide, "tgdpo".equals(method));
    checks.oneOf(at + ".method", method, METHODS);
    checks.require(guide == null || "tgdpo".equals(method), at + ".guide", "only TGDPO takes a guide");
    checks.range(at + ".beta", beta, 1e-6, 1000.0);
    checks.range(at + ".alpha", alpha, 0.0, 1000.0);
    checks.range(at + ".rpoAlpha", rpoAlpha, 0.0, 1000.0);
    pairs.check(checks, at + ".pairs");
    checks.loop(at, steps, learningRate, gradClip, evalEvery, checkpointEvery);
    checks.range(at + ".batchSize", batchSize, 1, 65_536);
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
    params.put("beta", beta);
    if (!"dpo".equals(method)) {
      params.put("alpha", alpha);
    }
    if (rpoAlpha > 0) {
      params.put("rpoAlpha", rpoAlpha);
    }
    if (pairs.reward() != null) {
      params.put("reward", RewardCatalog.qualified(pairs.reward()));
    }
    params.put("pairs", pairs.fromFile() ? "file" : "generated");
    if (pairs.reversed()) {
      params.put("reversed", true);
    }
    List<ModelInput> inputs = new ArrayList<>();
    inputs.add(new ModelInput("base", base, "finetuned_from", params, at + ".base"));
    if (reference != null) {
      inputs.add(new ModelInput("reference", reference, "reference", Map.of("role", "reference"), at + ".reference"));
    }
    if (guide != null) {
      inputs.add(new ModelInput("guide", guide, "reference", Map.of("role", "guide"), at + ".guide"));
    }
    return inputs;
  }
}
