package dev.pedigree.api.common.problem;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

/**
 * Tells a failure to reach the database (stopped, restarting, no connection free in time) from every other failure:
 * the first is a 503 that a client retries, the second a 500. Judged by Postgres's own SQLSTATE, whatever exception
 * Spring or the pool wrapped it in.
 */
public final class DatabaseOutage {
  public static final String TITLE = "Database unavailable";
  public static final String DETAIL = "The database cannot be reached right now; retry shortly.";

  private DatabaseOutage() {}

  public static boolean causedBy(Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof SQLTransientConnectionException) {
        return true;
      }
      if (cause instanceof SQLException sql && isOutage(sql.getSQLState())) {
        return true;
      }
    }
    return false;
  }

  /** Class 08: connection exception; 57P01–57P03: the server is shutting down, crashed, or still starting. */
  private static boolean isOutage(String sqlState) {
    return sqlState != null && (sqlState.startsWith("08") || sqlState.startsWith("57P"));
  }
}
