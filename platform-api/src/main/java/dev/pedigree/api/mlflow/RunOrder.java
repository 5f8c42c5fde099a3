package dev.pedigree.api.mlflow;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The {@code order_by} of runs/search: start_time, end_time or run_name, each ASC or DESC. Ordering by metrics, params
 * or tags is refused, not ignored. MLflow's default is newest first.
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
    for (OrderBy.Term<String> term : OrderBy.parse(orderBy, COLUMNS)) {
      terms.add(term.key() + (term.ascending() ? " ASC" : " DESC") + " NULLS LAST");
    }
    if (terms.isEmpty()) {
      terms.add(DEFAULT);
    }
    terms.add("r.id");
    return String.join(", ", terms);
  }
}
