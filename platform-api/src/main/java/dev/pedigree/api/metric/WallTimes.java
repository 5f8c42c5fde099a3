package dev.pedigree.api.metric;

import dev.pedigree.api.common.problem.ApiProblem;

/** The opt-in {@code times} query parameter of curve reads: whether each point carries its wall time. */
public final class WallTimes {
  private WallTimes() {}

  /** {@code true} or {@code false}, false when absent; otherwise a 400 naming {@code times}. */
  public static boolean parse(String value) {
    if (value == null || value.isBlank()) {
      return false;
    }
    return switch (value.strip()) {
      case "true" -> true;
      case "false" -> false;
      default -> throw ApiProblem.invalidField("times", "must be true or false");
    };
  }
}
