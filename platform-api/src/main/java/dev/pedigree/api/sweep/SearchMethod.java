package dev.pedigree.api.sweep;

/**
 * How a sweep draws its trials: every combination of listed values, draws from a seeded generator, or, after random
 * startup trials, draws a Tree-structured Parzen Estimator chooses from the trials that have their objective.
 */
enum SearchMethod {
  GRID,
  RANDOM,
  TPE
}
