package dev.pedigree.api.sweep;

/**
 * How a sweep draws its trials: every combination of listed values, draws from a seeded generator, or, after random
 * startup trials, draws a Tree-structured Parzen Estimator chooses from the trials that have their objective; or, in
 * population-based training, random draws for the first generation and, for each later one, the values each member
 * keeps or takes, perturbed, from a better member whose checkpoint it continues.
 */
enum SearchMethod {
  GRID,
  RANDOM,
  TPE,
  PBT
}
