package dev.pedigree.migrations;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pedigree.migrations.testing.TestDatabase;
import dev.pedigree.migrations.testing.TestPostgres;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** V005 rolls up the points stored before the rollup existed, one point per step: the highest attempt's. */
class MetricRollupBackfillTest {
  private static TestDatabase database;

  @BeforeAll
  static void emptyDatabase() {
    database = TestPostgres.newEmptyDatabase(MetricRollupBackfillTest.class.getSimpleName());
  }

  @AfterAll
  static void drop() {
    TestPostgres.drop(database);
  }

  @Test
  void backfillsOneRowPerBucketFromTheHighestAttempts() throws SQLException {
    migrate("4");
    execute("""
        INSERT INTO run (id, project_id, name, kind, status, spec)
        SELECT '00000000-0000-0000-0000-000000000001', id, 'old', 'pretrain', 'SUCCEEDED', '{}' FROM project
        """);
    execute("INSERT INTO metric_key (id, run_id, name) VALUES (7, '00000000-0000-0000-0000-000000000001', 'loss')");
    // Steps 0..299 of attempt 1 at value = step; attempt 2 replaced step 10 with -5 and step 20 with 900.
    execute("""
        INSERT INTO metric_point (key_id, attempt, step, value, wall_time)
        SELECT 7, 1, s, s, now() FROM generate_series(0, 299) AS s
        UNION ALL VALUES (7, 2, 10, -5, now()), (7, 2, 20, 900, now())
        """);

    migrate("latest");

    assertThat(rows("""
            SELECT concat_ws(' ', bucket, first_step, first_value, last_step, last_value,
                             min_step, min_value, max_step, max_value)
            FROM metric_rollup WHERE key_id = 7 ORDER BY bucket
            """)).containsExactly("0 0 0 255 255 10 -5 20 900", "1 256 256 299 299 256 256 299 299");
  }

  private static void execute(String sql) throws SQLException {
    try (Connection connection = database.dataSource().getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }

  private static List<String> rows(String sql) throws SQLException {
    List<String> rows = new ArrayList<>();
    try (Connection connection = database.dataSource().getConnection();
        ResultSet result = connection.createStatement().executeQuery(sql)) {
      while (result.next()) {
        rows.add(result.getString(1));
      }
    }
    return rows;
  }

  private static void migrate(String target) {
    Flyway.configure().dataSource(database.dataSource()).locations("classpath:db/migration").target(target).load()
        .migrate();
  }
}
