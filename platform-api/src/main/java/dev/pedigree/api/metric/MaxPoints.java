package dev.pedigree.api.metric;

import dev.pedigree.api.common.problem.ApiProblem;

/** The {@code maxPoints} query parameter of curve reads: how many points a downsampled curve may hold. */
public final class MaxPoints {
  static final int DEFAULT = 1000;
  static final int MIN = 4;
  static final int MAX = 10_000;

  private MaxPoints() {}

  /** {@code value} in {@code [4, 10000]}, 1000 when absent; otherwise a 400 naming {@code maxPoints}. */
  public static int parse(String value) {
    if (value == null || value.isBlank()) {
      return DEFAULT;
    }
    try {
      int parsed = Integer.parseInt(value.strip());
      if (parsed >= MIN && parsed <= MAX) {
        return parsed;
      }
    } catch (NumberFormatException e) {
      // answered below
    }
    throw ApiProblem.invalidField("maxPoints", "must be an integer from " + MIN + " to " + MAX);
  }
}
