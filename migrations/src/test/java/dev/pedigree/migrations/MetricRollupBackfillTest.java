package dev.pedigree.migrations;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pedigree.migrations.testing.TestPostgres;
import java.sql.SQLException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** V005 rolls up the points stored before the rollup existed, one point per step: the highest attempt's. */
class MetricRollupBackfillTest {
  private static MigrationSteps database;

  @BeforeAll
  static void emptyDatabase() {
    database = new MigrationSteps(TestPostgres.newEmptyDatabase(MetricRollupBackfillTest.class.getSimpleName()));
  }

  @AfterAll
  static void drop() {
    TestPostgres.drop(database.database());
  }

  @Test
  void backfillsOneRowPerBucketFromTheHighestAttempts() throws SQLException {
    database.migrate("4");
    database.execute("""
        INSERT INTO run (id, project_id, name, kind, status, spec)
        SELECT '00000000-0000-0000-0000-000000000001', id, 'old', 'pretrain', 'SUCCEEDED', '{}' FROM project
        """);
    database.execute(
        "INSERT INTO metric_key (id, run_id, name) VALUES (7, '00000000-0000-0000-0000-000000000001', 'loss')");
    // Steps 0..299 of attempt 1 at value = step; attempt 2 replaced step 10 with -5 and step 20 with 900.
    database.execute("""
        INSERT INTO metric_point (key_id, attempt, step, value, wall_time)
        SELECT 7, 1, s, s, now() FROM generate_series(0, 299) AS s
        UNION ALL VALUES (7, 2, 10, -5, now()), (7, 2, 20, 900, now())
        """);

    database.migrate("latest");

    assertThat(database.rows("""
            SELECT concat_ws(' ', bucket, first_step, first_value, last_step, last_value,
                             min_step, min_value, max_step, max_value)
            FROM metric_rollup WHERE key_id = 7 ORDER BY bucket
            """)).containsExactly("0 0 0 255 255 10 -5 20 900", "1 256 256 299 299 256 256 299 299");
  }
}
