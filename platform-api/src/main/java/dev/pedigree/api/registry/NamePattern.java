package dev.pedigree.api.registry;

import dev.pedigree.api.common.SqlColumns;

/**
 * A SQL {@code LIKE} pattern over model names, as MLflow's search filters give them ({@code name LIKE 'arith-%'}).
 *
 * @param ignoreCase whether it matches as {@code ILIKE}
 */
public record NamePattern(String like, boolean ignoreCase) {

  /** The one name, matched exactly. */
  public static NamePattern exactly(String name) {
    return new NamePattern(SqlColumns.escapeLike(name), false);
  }

  /** A condition on {@code column} that takes the pattern as the parameter {@code :namePattern}. */
  String condition(String column) {
    return column + (ignoreCase ? " ILIKE" : " LIKE") + " :namePattern";
  }
}
