package dev.pedigree.migrations;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pedigree.migrations.testing.TestDatabase;
import dev.pedigree.migrations.testing.TestPostgres;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class MigrationsTest {
  private static TestDatabase database;

  @BeforeAll
  static void emptyDatabase() {
    database = TestPostgres.newEmptyDatabase(MigrationsTest.class.getSimpleName());
  }

  @AfterAll
  static void drop() {
    TestPostgres.drop(database);
  }

  @Test
  void migratesAnEmptyDatabaseToTheCoreSchemaOnceAndValidates() throws SQLException {
    Flyway flyway = Flyway.configure().dataSource(database.dataSource()).locations("classpath:db/migration").load();

    MigrateResult first = flyway.migrate();
    assertThat(first.success).isTrue();
    assertThat(first.migrationsExecuted).isPositive();
    assertThat(first.targetSchemaVersion).isNotNull();

    assertThat(names(database.dataSource(), "SELECT tablename FROM pg_tables WHERE schemaname = 'public'"))
        .contains("project", "pipeline", "run", "run_attempt", "metric_key", "metric_point", "metric_summary",
            "metric_rollup", "artifact", "lineage_edge", "api_token", "run_input", "sample_loss");
    assertThat(names(database.dataSource(), "SELECT indexname FROM pg_indexes WHERE schemaname = 'public'"))
        .contains("idx_run__created_at", "idx_run__status_created_at", "idx_run__kind_created_at",
            "idx_run__project_created_at", "idx_metric_point__key_step_attempt", "idx_artifact__run_uri",
            "idx_artifact__sha256", "idx_artifact__reward_sha256", "idx_lineage_edge__to");
    assertThat(names(database.dataSource(),
        "SELECT indexdef FROM pg_indexes WHERE indexname = 'idx_metric_point__key_step_attempt'"))
        .singleElement()
        .asString()
        .contains("UNIQUE")
        .contains("(key_id, step, attempt)");
    assertThat(names(database.dataSource(), "SELECT name FROM project")).containsExactly("default");

    flyway.validate();
    MigrateResult second = flyway.migrate();
    assertThat(second.migrationsExecuted).isZero();
    assertThat(second.targetSchemaVersion).isNull();
    assertThat(flyway.info().current().getVersion().getVersion()).isEqualTo(first.targetSchemaVersion);
  }

  private static List<String> names(DataSource dataSource, String sql) throws SQLException {
    List<String> names = new ArrayList<>();
    try (Connection connection = dataSource.getConnection();
        ResultSet rows = connection.createStatement().executeQuery(sql)) {
      while (rows.next()) {
        names.add(rows.getString(1));
      }
    }
    return names;
  }
}
