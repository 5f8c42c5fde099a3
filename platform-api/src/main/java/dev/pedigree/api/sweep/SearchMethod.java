package dev.pedigree.api.sweep;

/** How a sweep draws its trials: every combination of listed values, or draws from a seeded generator. */
enum SearchMethod {
  GRID,
  RANDOM
}
