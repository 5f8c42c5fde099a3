package dev.pedigree.workflows.spec;

import java.util.Set;

/**
 * Training data. For now a deterministic synthetic generator (METHODS.md §3), byte-level tokens.
 *
 * @param documents how many documents the generator produces; a held-out tenth is the validation split
 */
public record DataSpec(String generator, Integer documents, Long seed) {
  public static final Set<String> GENERATORS = Set.of("g-text");

  public DataSpec {
    generator = generator == null ? "g-text" : generator;
    documents = documents == null ? 4000 : documents;
    seed = seed == null ? 7L : seed;
  }

  public static DataSpec defaults() {
    return new DataSpec(null, null, null);
  }

  void check(SpecChecks checks, String at) {
    checks.require(GENERATORS.contains(generator), at + ".generator", "must be one of " + GENERATORS);
    checks.range(at + ".documents", documents, 10, 10_000_000);
  }
}
