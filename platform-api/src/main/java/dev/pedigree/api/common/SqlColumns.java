package dev.pedigree.api.common;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;

/** Column reads that JDBC makes awkward, and text made safe to embed in SQL patterns. */
public final class SqlColumns {
  private SqlColumns() {}

  /** A timestamptz column as an instant, null when SQL NULL. */
  public static Instant instant(ResultSet rs, String column) throws SQLException {
    Timestamp timestamp = rs.getTimestamp(column);
    return timestamp == null ? null : timestamp.toInstant();
  }

  /** {@code text} as a literal in an {@code ILIKE} pattern: {@code %}, {@code _} and backslashes match themselves. */
  public static String escapeLike(String text) {
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
  }
}
