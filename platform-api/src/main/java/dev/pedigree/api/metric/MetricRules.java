package dev.pedigree.api.metric;

import dev.pedigree.api.common.problem.StorableText;

/** What the metric store accepts from any writer: worker batches and MLflow clients alike. */
public final class MetricRules {
  /** The largest integer a double holds exactly: steps survive JavaScript clients and the SQL downsampling. */
  public static final long MAX_STEP = (1L << 53) - 1;
  public static final long MAX_WALL_MILLIS = 253_402_300_799_999L; // 9999-12-31T23:59:59.999Z
  public static final int MAX_KEY_LENGTH = 200;
  public static final String KEY_RULE =
      "must be 1 to " + MAX_KEY_LENGTH + " characters of well-formed text without control characters";

  private MetricRules() {}

  public static boolean validKey(String key) {
    return StorableText.isLabel(key, MAX_KEY_LENGTH);
  }
}
