package dev.pedigree.api.common;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;

/** Column reads that JDBC makes awkward. */
public final class SqlColumns {
  private SqlColumns() {}

  /** A timestamptz column as an instant, null when SQL NULL. */
  public static Instant instant(ResultSet rs, String column) throws SQLException {
    Timestamp timestamp = rs.getTimestamp(column);
    return timestamp == null ? null : timestamp.toInstant();
  }
}
