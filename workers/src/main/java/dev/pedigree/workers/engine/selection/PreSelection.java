package dev.pedigree.workers.engine.selection;

import dev.pedigree.workers.engine.data.Domain;
import dev.pedigree.workers.engine.data.SplitMix64;
import dev.pedigree.workers.engine.model.GptConfig;
import dev.pedigree.workers.engine.tokenizer.Tokenizer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;
import org.bytedeco.pytorch.Device;

/**
 * Predictive data selection (PreSelect, METHODS.md §2.1) over the pool's windows: S(d) is the Spearman correlation,
 * across the {@link ReferenceFamily}, between the models' target ability and -BPB(d); the top and bottom 10% by S of
 * the fitting windows label a {@link LogisticScorer} on hashed n-grams; the scorer ranks the whole pool and the top
 * {@code fraction} is kept. Every fifth window is held out of fitting to measure how well the scorer reproduces S.
 * K models give S few distinct values, so the fitting windows are labeled in a seeded random order: windows of equal S
 * are labeled at random, not by domain order.
 *
 * <p>Two arms need no reference models: {@link #random}, and {@link #quality}, a quality classifier in the manner of
 * DCLM and FineWeb-Edu whose positives are the target set's windows.
 *
 * @param keptIds sample ids of the kept windows, ascending
 * @param metrics {@code selection/preselect/...}: scorer_spearman (held-out windows; ngram scorer only),
 *     kept_fraction, and kept/&lt;domain&gt;, the share of each domain's windows kept
 * @param scorer the fitted n-gram scorer (the quality classifier in that arm); empty for the random control arm
 */
record PreSelection(long[] keptIds, Map<String, Double> metrics, Optional<LogisticScorer> scorer) {
  static final String PREFIX = "selection/preselect/";
  private static final double LABELED_SHARE = 0.1;
  private static final int HELD_OUT_EVERY = 5;
  private static final int SCORER_EPOCHS = 20;
  private static final double SCORER_LEARNING_RATE = 2.0;
  private static final long RANDOM_SALT = 0x72616e646f6d3130L;
  private static final long TIE_SALT = 0x7469652d6f726465L;
  private static final long QUALITY_SALT = 0x7175616c69747931L;

  /** The n-gram scorer distilled from a freshly trained reference family. */
  static PreSelection scored(Pool pool, Domain target, int models, int steps, double fraction, int batchSize,
      long seed, GptConfig shape, Device device) {
    return scored(pool, ReferenceFamily.measure(pool, target, models, steps, batchSize, seed, shape, device), fraction,
        seed);
  }

  /** The n-gram scorer distilled from reference models loaded from {@code references}. */
  static PreSelection scored(Pool pool, Domain target, List<Path> references, Tokenizer tokenizer, double fraction,
      long seed, GptConfig shape, Device device) {
    return scored(pool, ReferenceFamily.measure(pool, target, references, tokenizer, shape, device), fraction, seed);
  }

  private static PreSelection scored(Pool pool, ReferenceFamily.Measurements family, double fraction, long seed) {
    double[] strength = predictiveStrength(family);
    List<NgramFeatures> features = features(pool);
    int[] fitting = IntStream.range(0, pool.size()).filter(index -> !heldOut(index)).toArray();
    SeededShuffle.shuffle(fitting, SplitMix64.forStream(seed ^ TIE_SALT, 0));
    int[] heldOut = IntStream.range(0, pool.size()).filter(PreSelection::heldOut).toArray();
    LogisticScorer scorer = fitScorer(features, strength, fitting, seed);
    double[] scores = features.stream().mapToDouble(scorer::score).toArray();
    Map<String, Double> metrics = new LinkedHashMap<>();
    metrics.put(PREFIX + "scorer_spearman",
        SpearmanCorrelation.of(pick(scores, heldOut), pick(strength, heldOut)));
    return kept(pool, scores, fraction, metrics, Optional.of(scorer));
  }

  /**
   * The quality-classifier arm: the hashed n-gram scorer fitted as a classifier of the target set's training windows
   * ({@link #qualityClassifier}), the pool ranked by it; no reference models.
   */
  static PreSelection quality(Pool pool, Domain target, double fraction, long seed) {
    List<NgramFeatures> features = features(pool);
    LogisticScorer scorer = qualityClassifier(features(Pool.of(List.of(target))), features, seed);
    double[] scores = features.stream().mapToDouble(scorer::score).toArray();
    return kept(pool, scores, fraction, new LinkedHashMap<>(), Optional.of(scorer));
  }

  /**
   * A logistic scorer fitted with every {@code target} window as a positive and as many {@code pool} windows (all,
   * when the pool is smaller), drawn without replacement in a seeded order, as negatives. Target-like pool windows are
   * among the negatives too, as in DCLM's classifier: only the reference side is curated.
   */
  static LogisticScorer qualityClassifier(List<NgramFeatures> target, List<NgramFeatures> pool, long seed) {
    int[] order = IntStream.range(0, pool.size()).toArray();
    SeededShuffle.shuffle(order, SplitMix64.forStream(seed ^ QUALITY_SALT, 0));
    int negatives = Math.min(target.size(), pool.size());
    List<NgramFeatures> examples = new ArrayList<>(target);
    boolean[] positive = new boolean[target.size() + negatives];
    Arrays.fill(positive, 0, target.size(), true);
    for (int i = 0; i < negatives; i++) {
      examples.add(pool.get(order[i]));
    }
    return LogisticScorer.fit(examples, positive, SCORER_EPOCHS, SCORER_LEARNING_RATE, seed);
  }

  /** The control arm: a uniformly random subset of the same size, no reference models. */
  static PreSelection random(Pool pool, double fraction, long seed) {
    SplitMix64 random = SplitMix64.forStream(seed ^ RANDOM_SALT, 0);
    double[] scores = IntStream.range(0, pool.size()).mapToDouble(index -> random.nextDouble()).toArray();
    return kept(pool, scores, fraction, new LinkedHashMap<>(), Optional.empty());
  }

  /** S(d) per pool window: rank agreement of the models' abilities with their -BPB on the window. */
  static double[] predictiveStrength(ReferenceFamily.Measurements family) {
    int models = family.ability().length;
    int windows = family.bitsPerByte()[0].length;
    double[] strength = new double[windows];
    double[] negatedBits = new double[models];
    for (int window = 0; window < windows; window++) {
      for (int model = 0; model < models; model++) {
        negatedBits[model] = -family.bitsPerByte()[model][window];
      }
      strength[window] = SpearmanCorrelation.of(family.ability(), negatedBits);
    }
    return strength;
  }

  private static LogisticScorer fitScorer(List<NgramFeatures> features, double[] strength, int[] fitting, long seed) {
    double[] fittingStrength = pick(strength, fitting);
    double[] negated = Arrays.stream(fittingStrength).map(value -> -value).toArray();
    List<NgramFeatures> examples = new ArrayList<>();
    List<Boolean> labels = new ArrayList<>();
    for (int index : TopFraction.of(fittingStrength, LABELED_SHARE)) {
      examples.add(features.get(fitting[index]));
      labels.add(true);
    }
    for (int index : TopFraction.of(negated, LABELED_SHARE)) {
      examples.add(features.get(fitting[index]));
      labels.add(false);
    }
    boolean[] positive = new boolean[labels.size()];
    for (int i = 0; i < positive.length; i++) {
      positive[i] = labels.get(i);
    }
    return LogisticScorer.fit(examples, positive, SCORER_EPOCHS, SCORER_LEARNING_RATE, seed);
  }

  private static PreSelection kept(Pool pool, double[] scores, double fraction, Map<String, Double> metrics,
      Optional<LogisticScorer> scorer) {
    int[] top = TopFraction.of(scores, fraction);
    long[] keptIds = Arrays.stream(top).mapToLong(index -> pool.ids()[index]).sorted().toArray();
    metrics.put(PREFIX + "kept_fraction", (double) keptIds.length / pool.size());
    int[] keptByDomain = new int[pool.domains().size()];
    for (long id : keptIds) {
      keptByDomain[SampledBatch.domainOf(id)]++;
    }
    for (int domain = 0; domain < keptByDomain.length; domain++) {
      Domain source = pool.domains().get(domain);
      metrics.put(PREFIX + "kept/" + source.name(), (double) keptByDomain[domain] / source.train().count());
    }
    return new PreSelection(keptIds, Collections.unmodifiableMap(metrics), scorer);
  }

  private static List<NgramFeatures> features(Pool pool) {
    return pool.texts().stream().map(NgramFeatures::of).toList();
  }

  private static boolean heldOut(int index) {
    return index % HELD_OUT_EVERY == HELD_OUT_EVERY - 1;
  }

  private static double[] pick(double[] values, int[] indices) {
    return Arrays.stream(indices).mapToDouble(index -> values[index]).toArray();
  }
}
