package dev.pedigree.api.mlflow;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The {@code order_by} of runs/search: start_time, end_time or run_name (optionally prefixed {@code attributes.}),
 * each ASC or DESC. Ordering by metrics, params or tags is refused, not ignored. MLflow's default is newest first.
 */
final class RunOrder {
  private static final Map<String, String> COLUMNS = Map.of(
      "start_time", "coalesce(r.started_at, r.created_at)",
      "end_time", "r.finished_at",
      "run_name", "r.name");
  private static final String DEFAULT = "coalesce(r.started_at, r.created_at) DESC";

  private RunOrder() {}

  /** An ORDER BY list made of the fixed column names above; the run id last, so pages are stable. */
  static String sql(List<String> orderBy) {
    List<String> terms = new ArrayList<>();
    for (String clause : orderBy) {
      String[] words = clause.strip().split("\\s+");
      String column = COLUMNS.get(words[0].toLowerCase(Locale.ROOT).replaceFirst("^attributes?\\.", ""));
      String direction = words.length == 2 ? words[1].toUpperCase(Locale.ROOT) : "ASC";
      if (column == null || words.length > 2 || !List.of("ASC", "DESC").contains(direction)) {
        throw MlflowException.invalid("order_by '" + clause + "' is not supported by Pedigree: order by start_time,"
            + " end_time or run_name (optionally prefixed 'attributes.'), each ASC or DESC.");
      }
      terms.add(column + " " + direction + " NULLS LAST");
    }
    if (terms.isEmpty()) {
      terms.add(DEFAULT);
    }
    terms.add("r.id");
    return String.join(", ", terms);
  }
}
