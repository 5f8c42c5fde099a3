package dev.pedigree.workflows.spec;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * How a pretrain run chooses what to learn from (METHODS.md §2.1). Each strategy's parameters default when omitted and
 * are errors under another strategy.
 *
 * @param strategy {@code uniform} (the data order of the corpus, or the domains' fixed mixture), {@code
 *     loss-reweighting}, {@code dga}, {@code importance} or {@code preselect}. {@code importance} is DGA's static
 *     baseline: it takes no parameters, needs {@code data.domains} and {@code data.target}, and draws batches from a
 *     mixture fixed before the first step, each domain's weight the mean probability that a byte-bigram domain
 *     classifier gives it over the target set's training windows
 * @param scheme loss-reweighting: how a sample's normalized loss becomes its score, {@code linupper} (default),
 *     {@code quadratic} or {@code extremes}
 * @param delta loss-reweighting: losses are normalized into [-delta, delta] within the batch (default 1)
 * @param temperature loss-reweighting: the weights are softmax(score / temperature) over the batch (default 1)
 * @param every dga: steps between mixture updates, T (default 25)
 * @param learningRate dga: step size of the exponentiated-gradient update, eta (default 1)
 * @param ema dga: the sampling weights are this exponential moving average of the updated ones (default 0.9)
 * @param referenceModels preselect: how many tiny reference models the run trains to score documents (default 6;
 *     an error with the {@code quality} scorer)
 * @param referenceSteps preselect: the steps of the longest reference model; model i of K trains for
 *     {@code referenceSteps * (i + 1) / K} (default 200; an error with the {@code quality} scorer)
 * @param fraction preselect: the share of the pool's training windows kept and trained on (default 0.3)
 * @param scorer preselect: {@code ngram} (default), the hashed n-gram scorer distilled from the reference models;
 *     {@code random}, a uniformly random subset of the same size (the control arm, no reference models); or
 *     {@code quality}, a quality classifier (DCLM/FineWeb-Edu-style baseline, no reference models): the same hashed
 *     n-gram logistic regression fitted with the target set's training windows as positives and as many windows
 *     drawn at random from the pool as negatives
 * @param references preselect, optional: model artifact ids (at least 3) to score documents with instead of training
 *     a reference family in the run; they must share the run's tokenizer. {@code referenceModels} and {@code
 *     referenceSteps} are then errors, and the scorer must be {@code ngram}. Each becomes a model input with role
 *     {@code reference.<i>} and relation {@code reference}.
 */
public record SelectionSpec(
    String strategy,
    String scheme,
    Double delta,
    Double temperature,
    Integer every,
    Double learningRate,
    Double ema,
    Integer referenceModels,
    Integer referenceSteps,
    Double fraction,
    String scorer,
    List<String> references) {
  public static final String UNIFORM = "uniform";
  public static final String LOSS_REWEIGHTING = "loss-reweighting";
  public static final String DGA = "dga";
  public static final String PRESELECT = "preselect";
  public static final String IMPORTANCE = "importance";
  public static final List<String> STRATEGIES = List.of(UNIFORM, LOSS_REWEIGHTING, DGA, IMPORTANCE, PRESELECT);
  public static final List<String> SCHEMES = List.of("linupper", "quadratic", "extremes");
  public static final String NGRAM_SCORER = "ngram";
  public static final String RANDOM_SCORER = "random";
  public static final String QUALITY_SCORER = "quality";
  public static final List<String> SCORERS = List.of(NGRAM_SCORER, RANDOM_SCORER, QUALITY_SCORER);
  /** The model input role of reference {@code i}. */
  public static final String REFERENCE_ROLE = "reference.";

  public SelectionSpec {
    strategy = strategy == null ? UNIFORM : strategy;
    boolean reweighting = strategy.equals(LOSS_REWEIGHTING);
    boolean dga = strategy.equals(DGA);
    scheme = scheme == null && reweighting ? "linupper" : scheme;
    delta = delta == null && reweighting ? Double.valueOf(1.0) : delta;
    temperature = temperature == null && reweighting ? Double.valueOf(1.0) : temperature;
    every = every == null && dga ? Integer.valueOf(25) : every;
    learningRate = learningRate == null && dga ? Double.valueOf(1.0) : learningRate;
    ema = ema == null && dga ? Double.valueOf(0.9) : ema;
    boolean preselect = strategy.equals(PRESELECT);
    boolean family = preselect && references == null && !QUALITY_SCORER.equals(scorer);
    referenceModels = referenceModels == null && family ? Integer.valueOf(6) : referenceModels;
    referenceSteps = referenceSteps == null && family ? Integer.valueOf(200) : referenceSteps;
    references = references == null ? null : Collections.unmodifiableList(new ArrayList<>(references));
    fraction = fraction == null && preselect ? Double.valueOf(0.3) : fraction;
    scorer = scorer == null && preselect ? NGRAM_SCORER : scorer;
  }

  public static SelectionSpec uniform() {
    return new SelectionSpec(null, null, null, null, null, null, null, null, null, null, null, null);
  }

  public static SelectionSpec lossReweighting(String scheme, double delta, double temperature) {
    return new SelectionSpec(LOSS_REWEIGHTING, scheme, delta, temperature, null, null, null, null, null, null, null,
        null);
  }

  public static SelectionSpec dga(int every, double learningRate, double ema) {
    return new SelectionSpec(DGA, null, null, null, every, learningRate, ema, null, null, null, null, null);
  }

  public static SelectionSpec importance() {
    return new SelectionSpec(IMPORTANCE, null, null, null, null, null, null, null, null, null, null, null);
  }

  public static SelectionSpec preselect(int referenceModels, int referenceSteps, double fraction, String scorer) {
    return new SelectionSpec(PRESELECT, null, null, null, null, null, null, referenceModels, referenceSteps, fraction,
        scorer, null);
  }

  /** PreSelect scoring with the given reference model artifacts and the n-gram scorer. */
  public static SelectionSpec preselect(List<String> references, double fraction) {
    return new SelectionSpec(PRESELECT, null, null, null, null, null, null, null, null, fraction, NGRAM_SCORER,
        references);
  }

  /** PreSelect's quality-classifier arm: the top {@code fraction} by a target-vs-pool n-gram classifier. */
  public static SelectionSpec qualityClassifier(double fraction) {
    return new SelectionSpec(PRESELECT, null, null, null, null, null, null, null, null, fraction, QUALITY_SCORER,
        null);
  }

  /** The model inputs this selection reads: one per reference, in order. */
  List<ModelInput> modelInputs(String at) {
    if (references == null || !strategy.equals(PRESELECT)) {
      return List.of();
    }
    List<ModelInput> inputs = new ArrayList<>();
    for (int i = 0; i < references.size(); i++) {
      inputs.add(new ModelInput(REFERENCE_ROLE + i, references.get(i), "reference",
          Map.of("method", PRESELECT, "role", "scoring-reference"), at + ".references[" + i + "]"));
    }
    return inputs;
  }

  void check(SpecChecks checks, String at, DataSpec data) {
    checks.oneOf(at + ".strategy", strategy, STRATEGIES);
    if (strategy.equals(LOSS_REWEIGHTING)) {
      checks.oneOf(at + ".scheme", scheme, SCHEMES);
      checks.range(at + ".delta", delta, 1e-6, 1e6);
      checks.range(at + ".temperature", temperature, 1e-6, 1e6);
    } else {
      onlyFor(checks, at + ".scheme", scheme, LOSS_REWEIGHTING);
      onlyFor(checks, at + ".delta", delta, LOSS_REWEIGHTING);
      onlyFor(checks, at + ".temperature", temperature, LOSS_REWEIGHTING);
    }
    if (strategy.equals(DGA)) {
      checks.range(at + ".every", every, 1, 1_000_000);
      checks.range(at + ".learningRate", learningRate, 0.0, 1e6);
      checks.range(at + ".ema", ema, 0.0, 1.0);
      requireDomainsAndTarget(checks, at, data);
    } else {
      onlyFor(checks, at + ".every", every, DGA);
      onlyFor(checks, at + ".learningRate", learningRate, DGA);
      onlyFor(checks, at + ".ema", ema, DGA);
    }
    if (strategy.equals(IMPORTANCE)) {
      requireDomainsAndTarget(checks, at, data);
    }
    if (strategy.equals(PRESELECT)) {
      if (references != null) {
        checks.range(at + ".references", references.size(), 3, 32);
        for (int i = 0; i < references.size(); i++) {
          checks.artifactId(at + ".references[" + i + "]", references.get(i), true);
        }
        checks.require(referenceModels == null, at + ".referenceModels", "must be absent when references are given");
        checks.require(referenceSteps == null, at + ".referenceSteps", "must be absent when references are given");
        checks.require(!SCORERS.contains(scorer) || NGRAM_SCORER.equals(scorer), at + ".scorer",
            "'" + scorer + "' uses no reference models; remove references or use 'ngram'");
      } else if (QUALITY_SCORER.equals(scorer)) {
        checks.require(referenceModels == null, at + ".referenceModels", "must be absent with scorer 'quality'");
        checks.require(referenceSteps == null, at + ".referenceSteps", "must be absent with scorer 'quality'");
      } else {
        checks.range(at + ".referenceModels", referenceModels, 3, 32);
        checks.range(at + ".referenceSteps", referenceSteps, 1, 100_000);
      }
      checks.range(at + ".fraction", fraction, 1e-3, 1.0);
      checks.oneOf(at + ".scorer", scorer, SCORERS);
      requireDomainsAndTarget(checks, at, data);
    } else {
      onlyFor(checks, at + ".referenceModels", referenceModels, PRESELECT);
      onlyFor(checks, at + ".referenceSteps", referenceSteps, PRESELECT);
      onlyFor(checks, at + ".fraction", fraction, PRESELECT);
      onlyFor(checks, at + ".scorer", scorer, PRESELECT);
      onlyFor(checks, at + ".references", references, PRESELECT);
    }
  }

  /** The strategies that steer towards a target set mix named domains. */
  private void requireDomainsAndTarget(SpecChecks checks, String at, DataSpec data) {
    checks.require(data.mixesDomains(), at + ".strategy", "'" + strategy + "' needs data.domains");
    checks.require(data.target() != null, at + ".strategy", "'" + strategy + "' needs data.target");
  }

  private static void onlyFor(SpecChecks checks, String field, Object value, String strategy) {
    checks.require(value == null, field, "applies to strategy '" + strategy + "' only");
  }
}
