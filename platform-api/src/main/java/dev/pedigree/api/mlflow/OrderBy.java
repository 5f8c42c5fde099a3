package dev.pedigree.api.mlflow;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * A search's {@code order_by}, as MLflow's searches take it: each clause a key, optionally prefixed
 * {@code attributes.}, then ASC or DESC (ASC when neither). A clause on any other key is refused, not ignored.
 */
final class OrderBy {
  private OrderBy() {}

  /** @param key what the clause's key stands for */
  record Term<T>(T key, boolean ascending) {}

  /** @param keys what each key the search orders by stands for */
  static <T> List<Term<T>> parse(List<String> clauses, Map<String, T> keys) {
    List<Term<T>> terms = new ArrayList<>();
    for (String clause : clauses) {
      String[] words = clause.strip().split("\\s+");
      T key = keys.get(words[0].toLowerCase(Locale.ROOT).replaceFirst("^attributes?\\.", ""));
      String direction = words.length == 2 ? words[1].toUpperCase(Locale.ROOT) : "ASC";
      if (key == null || words.length > 2 || !List.of("ASC", "DESC").contains(direction)) {
        throw MlflowException.invalid("order_by '" + clause + "' is not supported by Pedigree: order by "
            + String.join(", ", new TreeSet<>(keys.keySet())) + " (optionally prefixed 'attributes.'), each ASC or"
            + " DESC.");
      }
      terms.add(new Term<>(key, direction.equals("ASC")));
    }
    return terms;
  }
}
