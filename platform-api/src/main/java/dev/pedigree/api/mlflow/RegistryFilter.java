package dev.pedigree.api.mlflow;

import dev.pedigree.api.common.Ids;
import dev.pedigree.api.common.problem.StorableText;
import dev.pedigree.api.registry.NamePattern;
import java.util.Locale;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The part of MLflow's registry search filter grammar that Pedigree answers: {@code name = '…'}, {@code name LIKE '…'}
 * and {@code name ILIKE '…'}, and for model versions {@code run_id = '…'}, joined by {@code AND}.
 *
 * @param name null for every name
 * @param run null for every run
 */
record RegistryFilter(NamePattern name, UUID run) {
  private static final int MAX_VALUE = 200;
  private static final Pattern CLAUSE = Pattern.compile(
      "\\s*(`?)(name|run_id)\\1\\s*(=|(?i:i?like))\\s*(?:'([^']*)'|\"([^\"]*)\")\\s*(?:(?i:and)\\s|$)");

  /** @param versions whether the filter is of model versions, which take {@code run_id} */
  static RegistryFilter parse(String filter, boolean versions) {
    NamePattern name = null;
    UUID run = null;
    if (filter == null || filter.isBlank()) {
      return new RegistryFilter(null, null);
    }
    Matcher clause = CLAUSE.matcher(filter);
    int at = 0;
    while (at < filter.length()) {
      if (!clause.find(at) || clause.start() != at) {
        throw unsupported(filter, versions);
      }
      String key = clause.group(2);
      String operator = clause.group(3).toUpperCase(Locale.ROOT);
      String value = clause.group(4) != null ? clause.group(4) : clause.group(5);
      if (!StorableText.isLabel(value, MAX_VALUE)) {
        throw MlflowException.invalid("Invalid filter '" + filter + "': each value must be 1 to " + MAX_VALUE
            + " characters without control characters.");
      }
      if (key.equals("name")) {
        name = operator.equals("=") ? NamePattern.exactly(value) : new NamePattern(value, operator.equals("ILIKE"));
      } else if (versions && operator.equals("=")) {
        // An id that is none matches no version, as an unknown name does.
        run = Ids.parse(value).orElse(new UUID(0, 0));
      } else {
        throw unsupported(filter, versions);
      }
      at = clause.end();
    }
    return new RegistryFilter(name, run);
  }

  private static MlflowException unsupported(String filter, boolean versions) {
    return MlflowException.invalid("Unsupported filter '" + filter + "': Pedigree's registry search takes"
        + " name = '…', name LIKE '…' or name ILIKE '…'" + (versions ? ", and run_id = '…'," : "")
        + " joined by AND.");
  }
}
