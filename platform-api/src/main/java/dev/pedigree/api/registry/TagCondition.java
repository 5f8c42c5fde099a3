package dev.pedigree.api.registry;

/**
 * A condition on a tag's value, as MLflow's search filters give them ({@code tags.team = 'nlp'}). A model or version
 * without the tag matches no condition on it, unless {@code absentValue} stands in for the missing value.
 *
 * @param value the value compared with; for LIKE and ILIKE a pattern with SQL's wildcards
 * @param absentValue null, or the value a missing tag counts as
 */
public record TagCondition(String key, Comparison comparison, String value, String absentValue) {

  public enum Comparison {
    EQUAL("="),
    NOT_EQUAL("<>"),
    LIKE("LIKE"),
    ILIKE("ILIKE");

    private final String sql;

    Comparison(String sql) {
      this.sql = sql;
    }

    String sql() {
      return sql;
    }
  }
}
