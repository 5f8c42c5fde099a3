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
 * and {@code name ILIKE '…'}, for model versions {@code run_id = '…'}, and tag clauses, joined by {@code AND}. Pedigree's
 * registry keeps no tags, so {@code tag.k != '…'} holds for everything and any other tag clause for nothing; MLflow's
 * Python client adds {@code tag.`mlflow.prompt.is_prompt` != 'true'} to its model searches, to leave prompts out.
 *
 * @param name null for every name
 * @param run null for every run
 * @param none whether a clause matches nothing
 */
record RegistryFilter(NamePattern name, UUID run, boolean none) {
  private static final int MAX_VALUE = 200;
  private static final Pattern CLAUSE = Pattern.compile("\\s*(?:(`?)(name|run_id)\\1|(tags?\\.(?:`[^`]*`|[\\w.]+)))"
      + "\\s*(!=|=|(?i:i?like))\\s*(?:'([^']*)'|\"([^\"]*)\")\\s*(?:(?i:and)\\s|$)");

  /** @param versions whether the filter is of model versions, which take {@code run_id} */
  static RegistryFilter parse(String filter, boolean versions) {
    RegistryFilter parsed = new RegistryFilter(null, null, false);
    if (filter == null || filter.isBlank()) {
      return parsed;
    }
    Matcher clause = CLAUSE.matcher(filter);
    for (int at = 0; at < filter.length(); at = clause.end()) {
      if (!clause.find(at) || clause.start() != at) {
        throw unsupported(filter, versions);
      }
      String operator = clause.group(4).toUpperCase(Locale.ROOT);
      String value = clause.group(5) != null ? clause.group(5) : clause.group(6);
      if (!StorableText.isLabel(value, MAX_VALUE)) {
        throw MlflowException.invalid("Invalid filter '" + filter + "': each value must be 1 to " + MAX_VALUE
            + " characters without control characters.");
      }
      parsed = parsed.and(clause.group(2), operator, value, versions, filter);
    }
    return parsed;
  }

  /** This filter and one clause more; {@code key} null for a tag clause. */
  private RegistryFilter and(String key, String operator, String value, boolean versions, String filter) {
    if (key == null) {
      return new RegistryFilter(name, run, none || !operator.equals("!="));
    }
    if (key.equals("name") && !operator.equals("!=")) {
      NamePattern pattern = operator.equals("=") ? NamePattern.exactly(value)
          : new NamePattern(value, operator.equals("ILIKE"));
      return new RegistryFilter(pattern, run, none);
    }
    if (key.equals("run_id") && versions && operator.equals("=")) {
      // An id that is none matches no version, as an unknown name does.
      return new RegistryFilter(name, Ids.parse(value).orElse(new UUID(0, 0)), none);
    }
    throw unsupported(filter, versions);
  }

  private static MlflowException unsupported(String filter, boolean versions) {
    return MlflowException.invalid("Unsupported filter '" + filter + "': Pedigree's registry search takes"
        + " name = '…', name LIKE '…' or name ILIKE '…'" + (versions ? ", run_id = '…'" : "")
        + " and tag clauses, joined by AND.");
  }
}
