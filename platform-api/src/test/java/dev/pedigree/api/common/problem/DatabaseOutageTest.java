package dev.pedigree.api.common.problem;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.junit.jupiter.api.Test;
import org.postgresql.util.PSQLException;
import org.postgresql.util.PSQLState;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.jdbc.UncategorizedSQLException;
import org.springframework.transaction.CannotCreateTransactionException;

class DatabaseOutageTest {

  @Test
  void aPoolThatWaitedInVainForAConnectionIsAnOutage() {
    var timedOut = new SQLTransientConnectionException("pedigree - Connection is not available");
    assertThat(DatabaseOutage.causedBy(new CannotCreateTransactionException("no connection", timedOut))).isTrue();
  }

  @Test
  void aServerThatRefusesConnectionsOrShutsDownIsAnOutage() {
    var refused = new PSQLException("Connection refused", PSQLState.CONNECTION_UNABLE_TO_CONNECT);
    var shutdown = new SQLException("terminating connection due to administrator command", "57P01");
    var starting = new SQLException("the database system is starting up", "57P03");

    assertThat(DatabaseOutage.causedBy(new CannotGetJdbcConnectionException("no connection", refused))).isTrue();
    assertThat(DatabaseOutage.causedBy(new UncategorizedSQLException("insert", "INSERT", shutdown))).isTrue();
    assertThat(DatabaseOutage.causedBy(starting)).isTrue();
  }

  @Test
  void otherDatabaseErrorsAreNot() {
    var duplicate = new SQLException("duplicate key value", "23505");
    var cancelled = new SQLException("canceling statement due to statement timeout", "57014");

    assertThat(DatabaseOutage.causedBy(new UncategorizedSQLException("insert", "INSERT", duplicate))).isFalse();
    assertThat(DatabaseOutage.causedBy(cancelled)).isFalse();
    assertThat(DatabaseOutage.causedBy(new IllegalStateException("bug"))).isFalse();
  }
}
