package dev.pedigree.migrations.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@PostgresTest
class PostgresExtensionTest {
  private final TestDatabase database;

  PostgresExtensionTest(TestDatabase database) {
    this.database = database;
  }

  @Test
  void givesTheClassOneMigratedDatabaseOfItsOwn(DataSource dataSource) throws SQLException {
    assertThat(dataSource).isSameAs(database.dataSource());
    assertThat(single(dataSource, "SELECT current_database()")).isEqualTo(database.name());
    assertThat(single(dataSource, "SELECT to_regclass('public.metric_point')::text")).isEqualTo("metric_point");
    assertThat(database.jdbcUrl()).startsWith("jdbc:postgresql://").contains("/" + database.name());
  }

  @Test
  void aNewDatabaseIsIsolatedFromThisOne(DataSource dataSource) throws SQLException {
    TestDatabase other = TestPostgres.newDatabase("other");
    try {
      execute(dataSource, "INSERT INTO project (name) VALUES ('only-here')");
      assertThat(single(other.dataSource(), "SELECT count(*)::text FROM project WHERE name = 'only-here'"))
          .isEqualTo("0");
    } finally {
      TestPostgres.drop(other);
    }
  }

  @Nested
  class Inner {
    @Test
    void sharesTheOuterClassDatabase(TestDatabase inner) {
      assertThat(inner).isSameAs(database);
    }
  }

  private static String single(DataSource dataSource, String sql) throws SQLException {
    try (Connection connection = dataSource.getConnection();
        ResultSet rows = connection.createStatement().executeQuery(sql)) {
      rows.next();
      return rows.getString(1);
    }
  }

  private static void execute(DataSource dataSource, String sql) throws SQLException {
    try (Connection connection = dataSource.getConnection()) {
      connection.createStatement().execute(sql);
    }
  }
}
