package dev.pedigree.api.usage;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** What the usage report groups attempts by; each names the SQL expression of its key (a fixed text, never input). */
public enum UsageGroupBy {
  PROJECT("p.name"),
  KIND("r.kind"),
  DEVICE("u.device_class"),
  /** Runs outside pipelines form the group whose key is null. */
  PIPELINE("CAST(r.pipeline_id AS text)"),
  /** The UTC day an attempt started on. */
  DAY("to_char(u.started_at AT TIME ZONE 'UTC', 'YYYY-MM-DD')");

  final String keyExpression;

  UsageGroupBy(String keyExpression) {
    this.keyExpression = keyExpression;
  }

  /** Names as the API writes them: {@code project}, {@code kind}, … */
  public static List<String> names() {
    return Arrays.stream(values()).map(value -> value.name().toLowerCase(Locale.ROOT)).toList();
  }
}
