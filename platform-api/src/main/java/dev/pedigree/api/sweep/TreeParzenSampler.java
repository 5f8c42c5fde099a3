package dev.pedigree.api.sweep;

import dev.pedigree.workers.engine.data.SplitMix64;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Tree-structured Parzen Estimator search (Bergstra et al. 2011), over the parameters jointly as Optuna's TPESampler
 * does with {@code multivariate=True}. The scored trials are ranked by objective; the best ⌈γ·n⌉ make the good density
 * l(x), the rest the bad density g(x), each a {@link ParzenEstimator}; of {@code candidates} points drawn from l, the
 * one with the highest l(x)/g(x) is kept. Pure: the same history, settings and generator give the same values.
 */
final class TreeParzenSampler {
  /** The fewest scored trials that make a good and a bad group of one trial each. */
  static final int MIN_SCORED = 2;

  private TreeParzenSampler() {}

  /** A trial that has its objective, with the values it was given by parameter path. */
  record ScoredTrial(JsonNode params, double objective) {}

  /**
   * @param drawnBy {@code random} or {@code tpe}
   * @param why why a trial past the startup trials was drawn at random; null otherwise
   */
  record TrialDraw(ObjectNode params, String drawnBy, String why) {}

  /**
   * Trial {@code trial}'s values in a tpe sweep: a startup trial's as random search draws them from the sweep's seed;
   * a later one's chosen from {@code history} with a generator seeded by the sweep's seed and the trial, or the random
   * draw when fewer than {@link #MIN_SCORED} trials have their objective (all still running, say).
   */
  static TrialDraw draw(SweepDefinition sweep, int trial, List<ScoredTrial> history) {
    ObjectNode random = SweepTrials.draw(sweep).get(trial - 1);
    if (trial <= sweep.tpe().startupTrials()) {
      return new TrialDraw(random, "random", null);
    }
    if (history.size() < MIN_SCORED) {
      return new TrialDraw(random, "random", history.size() + " earlier trial(s) had an objective when trial " + trial
          + " started; tpe needs " + MIN_SCORED);
    }
    Random generator = new Random(SplitMix64.forStream(sweep.seed(), trial).nextLong());
    return new TrialDraw(sample(sweep.parameters(), history, sweep.objective().minimize(), sweep.tpe(), generator),
        "tpe", null);
  }

  /** Values for every parameter from at least {@link #MIN_SCORED} scored trials. */
  static ObjectNode sample(List<Parameter> parameters, List<ScoredTrial> history, boolean minimize,
      TpeSettings settings, Random random) {
    Comparator<ScoredTrial> byObjective = Comparator.comparingDouble(ScoredTrial::objective);
    List<JsonNode> ranked = history.stream().sorted(minimize ? byObjective : byObjective.reversed())
        .map(ScoredTrial::params).toList();
    int good = Math.min(ranked.size() - 1, Math.max(1, (int) Math.ceil(settings.gamma() * ranked.size())));
    ParzenEstimator l = new ParzenEstimator(parameters, ranked.subList(0, good));
    ParzenEstimator g = new ParzenEstimator(parameters, ranked.subList(good, ranked.size()));
    ObjectNode best = null;
    double bestScore = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < settings.candidates(); i++) {
      ObjectNode candidate = l.sample(random);
      double score = l.logDensity(candidate) - g.logDensity(candidate);
      if (best == null || score > bestScore) {
        best = candidate;
        bestScore = score;
      }
    }
    return best;
  }
}
