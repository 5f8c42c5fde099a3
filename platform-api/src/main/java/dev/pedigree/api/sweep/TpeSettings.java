package dev.pedigree.api.sweep;

/**
 * The {@code tpe} object of a sweep body, as Optuna's TPESampler names them.
 *
 * @param startupTrials the first trials, drawn as random search draws them, before the estimator chooses
 * @param candidates how many points are drawn from the good trials' density; the one with the best l(x)/g(x) is kept
 * @param gamma the share of the scored trials, the best ⌈γ·n⌉, that make the good density
 */
record TpeSettings(int startupTrials, int candidates, double gamma) {
  static final TpeSettings DEFAULTS = new TpeSettings(5, 24, 0.25);
}
