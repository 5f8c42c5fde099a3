package dev.pedigree.api.mlflow;

import dev.pedigree.api.common.Ids;
import dev.pedigree.api.common.problem.StorableText;
import dev.pedigree.api.registry.NamePattern;
import dev.pedigree.api.registry.TagCondition;
import dev.pedigree.api.registry.TagCondition.Comparison;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The part of MLflow's registry search filter grammar that Pedigree answers, clauses joined by {@code AND}:
 * {@code name = '…'}, {@code name LIKE '…'} and {@code name ILIKE '…'}, for model versions {@code run_id = '…'},
 * and tag clauses {@code tags.<key>} (or {@code tag.<key>}; a key with other characters than letters, digits,
 * {@code _} and {@code .} in backquotes) with =, !=, LIKE or ILIKE. As in MLflow, no tag clause matches a model or
 * version without the tag, except that a missing {@code mlflow.prompt.is_prompt} counts as 'false': MLflow's Python
 * client adds {@code tags.`mlflow.prompt.is_prompt` != 'true'} to its model searches, to leave prompts out.
 *
 * @param name null for every name
 * @param run null for every run
 */
record RegistryFilter(NamePattern name, UUID run, List<TagCondition> tags) {
  private static final int MAX_VALUE = 200;
  private static final int MAX_TAG_VALUE = 5000;
  private static final int MAX_TAG_KEY = 250;
  private static final String PROMPT_TAG = "mlflow.prompt.is_prompt";
  private static final Pattern CLAUSE = Pattern.compile("\\s*(?:(`?)(name|run_id)\\1|tags?\\.(?:`([^`]*)`|([\\w.]+)))"
      + "\\s*(!=|=|(?i:i?like))\\s*(?:'([^']*)'|\"([^\"]*)\")\\s*(?:(?i:and)\\s|$)");

  /** @param versions whether the filter is of model versions, which take {@code run_id} */
  static RegistryFilter parse(String filter, boolean versions) {
    RegistryFilter parsed = new RegistryFilter(null, null, List.of());
    if (filter == null || filter.isBlank()) {
      return parsed;
    }
    Matcher clause = CLAUSE.matcher(filter);
    for (int at = 0; at < filter.length(); at = clause.end()) {
      if (!clause.find(at) || clause.start() != at) {
        throw unsupported(filter, versions);
      }
      String tag = clause.group(3) != null ? clause.group(3) : clause.group(4);
      String operator = clause.group(5).toUpperCase(Locale.ROOT);
      String value = clause.group(6) != null ? clause.group(6) : clause.group(7);
      if (!StorableText.isLabel(value, tag == null ? MAX_VALUE : MAX_TAG_VALUE)) {
        throw MlflowException.invalid("Invalid filter '" + filter + "': each value must be 1 to " + MAX_VALUE
            + " characters (a tag's 1 to " + MAX_TAG_VALUE + ") without control characters.");
      }
      if (operator.endsWith("LIKE") && endsWithEscape(value)) {
        throw MlflowException.invalid("Invalid filter '" + filter + "': a LIKE pattern must not end with the escape"
            + " character \\; write \\\\ for a backslash.");
      }
      parsed = tag == null ? parsed.and(clause.group(2), operator, value, versions, filter)
          : parsed.andTag(tag, operator, value, filter);
    }
    return parsed;
  }

  private RegistryFilter and(String key, String operator, String value, boolean versions, String filter) {
    if (key.equals("name") && !operator.equals("!=")) {
      NamePattern pattern = operator.equals("=") ? NamePattern.exactly(value)
          : new NamePattern(value, operator.equals("ILIKE"));
      return new RegistryFilter(pattern, run, tags);
    }
    if (key.equals("run_id") && versions && operator.equals("=")) {
      // An id that is none matches no version, as an unknown name does.
      return new RegistryFilter(name, Ids.parse(value).orElse(new UUID(0, 0)), tags);
    }
    throw unsupported(filter, versions);
  }

  private RegistryFilter andTag(String key, String operator, String value, String filter) {
    if (!StorableText.isLabel(key, MAX_TAG_KEY)) {
      throw MlflowException.invalid("Invalid filter '" + filter + "': a tag key must be 1 to " + MAX_TAG_KEY
          + " characters without control characters.");
    }
    Comparison comparison = switch (operator) {
      case "=" -> Comparison.EQUAL;
      case "!=" -> Comparison.NOT_EQUAL;
      case "LIKE" -> Comparison.LIKE;
      default -> Comparison.ILIKE;
    };
    List<TagCondition> more = new ArrayList<>(tags);
    more.add(new TagCondition(key, comparison, value, key.equals(PROMPT_TAG) ? "false" : null));
    return new RegistryFilter(name, run, List.copyOf(more));
  }

  /** Whether {@code pattern} ends with an escape that escapes nothing, which Postgres fails on for rows it scans. */
  private static boolean endsWithEscape(String pattern) {
    int trailing = 0;
    for (int i = pattern.length() - 1; i >= 0 && pattern.charAt(i) == '\\'; i--) {
      trailing++;
    }
    return trailing % 2 == 1;
  }

  private static MlflowException unsupported(String filter, boolean versions) {
    return MlflowException.invalid("Unsupported filter '" + filter + "': Pedigree's registry search takes"
        + " name = '…', name LIKE '…' or name ILIKE '…'" + (versions ? ", run_id = '…'" : "")
        + " and tags.<key> with =, !=, LIKE or ILIKE, joined by AND.");
  }
}
