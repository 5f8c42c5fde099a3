package dev.pedigree.workflows.spec;

import java.util.Map;

/**
 * The programmatic rewards a worker implements, by name, with the version of each that this build scores with. Specs
 * name a reward; lineage records it as {@code name@version}, so a changed scoring rule gets a new version here and in
 * the worker's reward class (a worker test checks that both agree).
 */
public final class RewardCatalog {
  public static final Map<String, Integer> VERSIONS = Map.of("arith-exact", 1, "seq-exact", 1, "sentiment", 1);

  /** The generator whose prompts each reward scores. */
  public static final Map<String, String> GENERATORS =
      Map.of("arith-exact", "g-arith", "seq-exact", "g-seq", "sentiment", "g-text");

  private RewardCatalog() {}

  /** {@code name@version}, as lineage edges and model provenance record it. */
  public static String qualified(String reward) {
    return reward + "@" + VERSIONS.get(reward);
  }

  static void check(SpecChecks checks, String field, String reward) {
    checks.oneOf(field, reward, VERSIONS.keySet());
  }
}
