package dev.pedigree.migrations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pedigree.migrations.testing.TestPostgres;
import java.sql.SQLException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** V015: a version registered before it is in stage None and last changed when created; tags keep MLflow's limits. */
class RegistryTagsStagesMigrationTest {
  private static MigrationSteps database;

  @BeforeAll
  static void emptyDatabase() {
    database = new MigrationSteps(
        TestPostgres.newEmptyDatabase(RegistryTagsStagesMigrationTest.class.getSimpleName()));
  }

  @AfterAll
  static void drop() {
    TestPostgres.drop(database.database());
  }

  @Test
  void anEarlierVersionKeepsItsCreationAsItsLastChangeAndTagsStayWithinLimits() throws SQLException {
    database.migrate("14");
    database.execute("""
        INSERT INTO artifact (id, kind, name, uri, sha256, bytes, format)
        VALUES ('00000000-0000-0000-0000-000000000001', 'model', 'm', 'file:///m', repeat('0', 64), 1, 'safetensors');
        INSERT INTO registered_model (id, name, project_id, last_version, created_by)
        SELECT 1, 'old', id, 1, 'someone' FROM project;
        INSERT INTO model_version (model_id, version, artifact_id, created_by, created_at)
        VALUES (1, 1, '00000000-0000-0000-0000-000000000001', 'someone', '2026-01-02T03:04:05Z');
        """);

    database.migrate("latest");

    assertThat(database.rows("SELECT concat_ws(' ', stage, updated_at = created_at) FROM model_version"))
        .containsExactly("None t");
    database.execute("INSERT INTO model_version_tag (model_id, version, key, value) VALUES (1, 1, repeat('k', 250),"
        + " repeat('v', 5000))");
    assertThatThrownBy(() -> database.execute("INSERT INTO registered_model_tag (model_id, key, value)"
        + " VALUES (1, repeat('k', 251), 'v')")).isInstanceOf(SQLException.class).hasMessageContaining("check");
    assertThatThrownBy(() -> database.execute("UPDATE model_version SET stage = 'Live'"))
        .isInstanceOf(SQLException.class).hasMessageContaining("check");
  }
}
