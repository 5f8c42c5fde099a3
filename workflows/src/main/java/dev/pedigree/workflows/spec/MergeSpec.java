package dev.pedigree.workflows.spec;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The spec of a {@code merge} run: one model made from the weights of others with the same architecture (METHODS.md
 * §2.4). Task vectors are {@code τ_i = θ_i − θ0}, a parent's weights minus the base's.
 *
 * <ul>
 *   <li>{@code linear}: {@code Σ w_i θ_i / Σ w_i}.
 *   <li>{@code task-arithmetic}: {@code θ0 + scale · Σ w_i τ_i}.
 *   <li>{@code ties}: each τ_i trimmed to its {@code density} largest magnitudes, a sign elected per entry by the sign
 *       of {@code Σ w_i τ_i} (trimmed), then {@code θ0 + scale ·} the w-weighted mean of the entries that agree with it.
 *   <li>{@code dare}: each entry of each τ_i kept with probability {@code density} (seeded per parent and tensor) and
 *       rescaled by {@code 1/density}, then task arithmetic.
 *   <li>{@code slerp}: spherical interpolation of two parents at {@code t}, per tensor; linear when nearly parallel.
 *   <li>{@code self-positioning}: {@code θ0 + Σ λ_i τ_i} with λ learned on a probe set, starting at
 *       {@code scale · w_i}.
 *   <li>{@code transplant}: no parents; the {@code base} model moved onto the {@code donor}'s tokenizer without
 *       training (METHODS.md §2.7). Tokens whose bytes the base's vocabulary has keep its rows; the others are an
 *       Orthogonal Matching Pursuit of their donor embedding over at most {@code k} shared tokens, the same coefficients
 *       applied to those tokens' base rows ({@code init} {@code omp}), or for comparison the mean of the base's rows,
 *       zero, or the mean of the base's rows for the token's bytes ({@code mean}, {@code zero}, {@code subword-mean}),
 *       or TokenAdapt's hybrid ({@code tokenadapt}): {@code globalWeight ·} the mean of the base rows of the {@code k}
 *       shared tokens nearest in the donor's embedding space, weighted by {@code softmax(cosine / temperature)}, plus
 *       {@code (1 − globalWeight) ·} the subword mean.
 *       Base and donor may differ in architecture: only the donor's vocabulary rows are read.
 * </ul>
 *
 * Fields a method does not use must be omitted; the ones it uses get defaults: weights equal and summing to 1, scale
 * 1, density 0.5, seed 0, t 0.5, init omp, k 64 (with init omp), k 3, globalWeight 0.3 and temperature 0.3 (with
 * init tokenadapt, the TokenAdapt authors' tool defaults).
 *
 * @param parents model artifact ids; exactly two for slerp
 * @param base the model artifact id the parents were fine-tuned from; task-vector methods only
 * @param seed DARE's drop masks; Self-Positioning's probe problems
 * @param device where Self-Positioning trains its coefficients; tensor-by-tensor merges run on the CPU
 * @param donor transplant: the model artifact id whose tokenizer (and embeddings, to place new tokens) the base takes
 * @param init transplant: how tokens the base lacks are filled, one of {@link #TRANSPLANT_INITS}
 * @param k transplant with init {@code omp}: the most shared tokens each new token is built from; with
 *     {@code tokenadapt}: how many nearest shared tokens make its global estimate
 * @param globalWeight transplant with init {@code tokenadapt}: the global estimate's share of a new row, in [0, 1]
 * @param temperature transplant with init {@code tokenadapt}: divides the cosine similarities before the softmax
 */
public record MergeSpec(
    String method,
    List<String> parents,
    List<Double> weights,
    String base,
    Double scale,
    Double density,
    Long seed,
    Double t,
    SelfPositioningSpec selfPositioning,
    String device,
    String donor,
    String init,
    Integer k,
    Double globalWeight,
    Double temperature) implements RunSpec {
  public static final String LINEAR = "linear";
  public static final String TASK_ARITHMETIC = "task-arithmetic";
  public static final String TIES = "ties";
  public static final String DARE = "dare";
  public static final String SLERP = "slerp";
  public static final String SELF_POSITIONING = "self-positioning";
  public static final String TRANSPLANT = "transplant";
  public static final List<String> METHODS =
      List.of(LINEAR, TASK_ARITHMETIC, TIES, DARE, SLERP, SELF_POSITIONING, TRANSPLANT);
  public static final String OMP_INIT = "omp";
  public static final String TOKEN_ADAPT_INIT = "tokenadapt";
  public static final List<String> TRANSPLANT_INITS =
      List.of(OMP_INIT, "mean", "zero", "subword-mean", TOKEN_ADAPT_INIT);
  public static final int DEFAULT_K = 64;
  public static final int TOKEN_ADAPT_DEFAULT_K = 3;
  public static final double TOKEN_ADAPT_DEFAULT_GLOBAL_WEIGHT = 0.3;
  public static final double TOKEN_ADAPT_DEFAULT_TEMPERATURE = 0.3;
  public static final double MAX_TEMPERATURE = 5.0;
  public static final int MAX_K = 4096;
  public static final int MAX_PARENTS = 32;
  public static final String BASE_ROLE = "base";
  public static final String DONOR_ROLE = "donor";
  private static final List<String> WITH_BASE = List.of(TASK_ARITHMETIC, TIES, DARE, SELF_POSITIONING);
  private static final List<String> TAKE_BASE = List.of(TASK_ARITHMETIC, TIES, DARE, SELF_POSITIONING, TRANSPLANT);
  private static final List<String> WITH_DENSITY = List.of(TIES, DARE);
  private static final List<String> WITH_SEED = List.of(DARE, SELF_POSITIONING);
  private static final List<String> WITH_K = List.of(OMP_INIT, TOKEN_ADAPT_INIT);

  public MergeSpec {
    method = method == null ? LINEAR : method;
    parents = parents == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(parents));
    if (weights == null && !parents.isEmpty() && !SLERP.equals(method)) {
      weights = Collections.nCopies(parents.size(), 1.0 / parents.size());
    } else if (weights != null) {
      weights = Collections.unmodifiableList(new ArrayList<>(weights));
    }
    scale = scale == null && WITH_BASE.contains(method) ? Double.valueOf(1.0) : scale;
    density = density == null && WITH_DENSITY.contains(method) ? Double.valueOf(0.5) : density;
    seed = seed == null && WITH_SEED.contains(method) ? Long.valueOf(0L) : seed;
    t = t == null && SLERP.equals(method) ? Double.valueOf(0.5) : t;
    selfPositioning =
        selfPositioning == null && SELF_POSITIONING.equals(method) ? SelfPositioningSpec.defaults() : selfPositioning;
    device = device == null ? "cpu" : device;
    init = init == null && TRANSPLANT.equals(method) ? OMP_INIT : init;
    boolean transplant = TRANSPLANT.equals(method);
    boolean tokenAdapt = transplant && TOKEN_ADAPT_INIT.equals(init);
    if (k == null && transplant && WITH_K.contains(init)) {
      k = tokenAdapt ? TOKEN_ADAPT_DEFAULT_K : DEFAULT_K;
    }
    globalWeight =
        globalWeight == null && tokenAdapt ? Double.valueOf(TOKEN_ADAPT_DEFAULT_GLOBAL_WEIGHT) : globalWeight;
    temperature = temperature == null && tokenAdapt ? Double.valueOf(TOKEN_ADAPT_DEFAULT_TEMPERATURE) : temperature;
  }

  /** A merge of parents; no transplant fields. */
  public MergeSpec(String method, List<String> parents, List<Double> weights, String base, Double scale,
      Double density, Long seed, Double t, SelfPositioningSpec selfPositioning, String device) {
    this(method, parents, weights, base, scale, density, seed, t, selfPositioning, device, null, null, null, null,
        null);
  }

  @Override
  public List<SpecError> validate(String at) {
    SpecChecks checks = new SpecChecks();
    checks.oneOf(at + ".method", method, METHODS);
    if (TRANSPLANT.equals(method)) {
      checks.require(parents.isEmpty(), at + ".parents", "transplant takes a base and a donor, not parents");
    } else if (SLERP.equals(method)) {
      checks.require(parents.size() == 2, at + ".parents", "slerp merges exactly 2 parents, got " + parents.size());
    } else {
      checks.range(at + ".parents", parents.size(), 1, MAX_PARENTS);
    }
    for (int i = 0; i < parents.size(); i++) {
      String parent = parents.get(i);
      checks.require(parent != null && !parent.isBlank(), at + ".parents[" + i + "]", "must be a model artifact id");
    }
    checkWeights(checks, at);
    boolean transplant = TRANSPLANT.equals(method);
    boolean needsBase = WITH_BASE.contains(method);
    checks.require((needsBase || transplant) == (base != null), at + ".base",
        transplant ? "transplant needs the base model to move onto the donor's tokenizer"
            : needsBase ? method + " needs the base model the parents were fine-tuned from"
            : "applies to methods " + TAKE_BASE + " only");
    checks.require(base == null || !base.isBlank(), at + ".base", "must be a model artifact id");
    checkTransplant(checks, at, transplant);
    onlyFor(checks, scale, needsBase, at + ".scale", WITH_BASE);
    if (scale != null) {
      checks.range(at + ".scale", scale, -100.0, 100.0);
    }
    onlyFor(checks, density, WITH_DENSITY.contains(method), at + ".density", WITH_DENSITY);
    if (density != null) {
      checks.require(density > 0 && density <= 1, at + ".density", "must be in (0, 1], was " + density);
    }
    onlyFor(checks, seed, WITH_SEED.contains(method), at + ".seed", WITH_SEED);
    onlyFor(checks, t, SLERP.equals(method), at + ".t", List.of(SLERP));
    if (t != null) {
      checks.range(at + ".t", t, 0.0, 1.0);
    }
    onlyFor(checks, selfPositioning, SELF_POSITIONING.equals(method), at + ".selfPositioning",
        List.of(SELF_POSITIONING));
    if (selfPositioning != null) {
      selfPositioning.check(checks, at + ".selfPositioning");
    }
    checks.device(at + ".device", device);
    return checks.errors();
  }

  private void checkTransplant(SpecChecks checks, String at, boolean transplant) {
    checks.require(!transplant || donor != null, at + ".donor",
        "transplant needs the donor model whose tokenizer the base takes");
    onlyFor(checks, donor, transplant, at + ".donor", List.of(TRANSPLANT));
    checks.require(donor == null || !donor.isBlank(), at + ".donor", "must be a model artifact id");
    onlyFor(checks, init, transplant, at + ".init", List.of(TRANSPLANT));
    if (init != null) {
      checks.oneOf(at + ".init", init, TRANSPLANT_INITS);
    }
    checks.require(k == null || WITH_K.contains(init), at + ".k", "applies to inits " + WITH_K + " only");
    if (k != null) {
      checks.range(at + ".k", k, 1, MAX_K);
    }
    boolean tokenAdapt = TOKEN_ADAPT_INIT.equals(init);
    String tokenAdaptOnly = "applies to init " + TOKEN_ADAPT_INIT + " only";
    checks.require(globalWeight == null || tokenAdapt, at + ".globalWeight", tokenAdaptOnly);
    if (globalWeight != null) {
      checks.range(at + ".globalWeight", globalWeight, 0.0, 1.0);
    }
    checks.require(temperature == null || tokenAdapt, at + ".temperature", tokenAdaptOnly);
    if (temperature != null) {
      checks.require(temperature > 0 && temperature <= MAX_TEMPERATURE, at + ".temperature",
          "must be in (0, " + MAX_TEMPERATURE + "], was " + temperature);
    }
  }

  private void checkWeights(SpecChecks checks, String at) {
    if (SLERP.equals(method)) {
      checks.require(weights == null, at + ".weights", "slerp takes t, not weights");
      return;
    }
    if (weights == null) {
      return;
    }
    checks.require(weights.size() == parents.size(), at + ".weights",
        "needs one weight per parent: " + parents.size() + ", got " + weights.size());
    for (int i = 0; i < weights.size(); i++) {
      Double weight = weights.get(i);
      String field = at + ".weights[" + i + "]";
      checks.require(weight != null, field, "must be a number");
      if (weight != null) { // within scale's bounds: a coefficient of 1e38 would overflow merged weights to infinity
        checks.range(field, weight, -100.0, 100.0);
      }
    }
    boolean averages = LINEAR.equals(method) || TIES.equals(method);
    if (averages && weights.stream().allMatch(w -> w != null && Double.isFinite(w))) {
      checks.require(weights.stream().allMatch(w -> w >= 0) && weights.stream().mapToDouble(w -> w).sum() > 0,
          at + ".weights", method + " averages: weights must be >= 0 with a positive sum");
    }
  }

  private static void onlyFor(SpecChecks checks, Object value, boolean used, String field, List<String> methods) {
    checks.require(used || value == null, field, "applies to methods " + methods + " only");
  }

  /** Self-Positioning's Adam steps; a merge without learning is one step. */
  @Override
  public long totalSteps() {
    return selfPositioning == null ? 1 : selfPositioning.steps();
  }

  /** The weight parent {@code i} gets: {@code weights[i]}, or for slerp its share {@code 1 − t} or {@code t}. */
  public double parentWeight(int i) {
    if (SLERP.equals(method)) {
      return i == 0 ? 1 - t : t;
    }
    return weights.get(i);
  }

  /** A transplant's base and donor differ in tokenizer by design, and may in architecture. */
  @Override
  public InputCompatibility inputCompatibility() {
    return TRANSPLANT.equals(method) ? InputCompatibility.NONE : InputCompatibility.ARCHITECTURE;
  }

  @Override
  public List<ModelInput> modelInputs(String at) {
    List<ModelInput> inputs = new ArrayList<>();
    for (int i = 0; i < parents.size(); i++) {
      Map<String, Object> params = new LinkedHashMap<>();
      params.put("method", method);
      params.put("weight", parentWeight(i));
      inputs.add(new ModelInput(parentRole(i), parents.get(i), "merged_from", params, at + ".parents[" + i + "]"));
    }
    if (base != null) {
      inputs.add(new ModelInput(BASE_ROLE, base, "merged_from", Map.of("method", method, "role", BASE_ROLE),
          at + ".base"));
    }
    if (donor != null) {
      inputs.add(new ModelInput(DONOR_ROLE, donor, "merged_from", Map.of("method", method, "role", DONOR_ROLE),
          at + ".donor"));
    }
    return inputs;
  }

  public static String parentRole(int i) {
    return "parent." + i;
  }
}
