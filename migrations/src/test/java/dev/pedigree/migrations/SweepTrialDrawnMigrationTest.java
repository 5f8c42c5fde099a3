package dev.pedigree.migrations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pedigree.migrations.testing.TestPostgres;
import java.sql.SQLException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** V016: how a tpe trial was drawn moves out of sweep_params' '$drawn' key into the run's own columns. */
class SweepTrialDrawnMigrationTest {
  private static MigrationSteps database;

  @BeforeAll
  static void emptyDatabase() {
    database = new MigrationSteps(TestPostgres.newEmptyDatabase(SweepTrialDrawnMigrationTest.class.getSimpleName()));
  }

  @AfterAll
  static void drop() {
    TestPostgres.drop(database.database());
  }

  @Test
  void anOldTrialsDrawnKeyBecomesItsColumnsAndLeavesOnlyTheValues() throws SQLException {
    database.migrate("15");
    database.execute("""
        INSERT INTO sweep (id, project_id, name, status, spec)
        SELECT '00000000-0000-0000-0000-0000000000aa', id, 'old', 'SUCCEEDED', '{}' FROM project;
        INSERT INTO run (id, project_id, name, kind, status, spec, sweep_id, sweep_trial, sweep_params)
        SELECT ('00000000-0000-0000-0000-00000000000' || trial)::uuid, p.id, 'trial-' || trial, 'pretrain',
               'SUCCEEDED', '{}', '00000000-0000-0000-0000-0000000000aa', trial, params::jsonb
        FROM project p, (VALUES
            (1, '{"training.learningRate": 0.001, "$drawn": {"by": "random"}}'),
            (2, '{"training.learningRate": 0.002, "$drawn": {"by": "random", "why": "tpe needs 2"}}'),
            (3, '{"training.learningRate": 0.003, "$drawn": {"by": "tpe"}}'),
            (4, '{"training.learningRate": 0.004}')) AS trials (trial, params);
        INSERT INTO run (id, project_id, name, kind, status, spec)
        SELECT '00000000-0000-0000-0000-000000000005', id, 'alone', 'pretrain', 'SUCCEEDED', '{}' FROM project;
        """);

    database.migrate("latest");

    assertThat(database.rows("""
            SELECT concat_ws(' | ', name, sweep_params::text, coalesce(sweep_drawn_by, '-'),
                             coalesce(sweep_drawn_why, '-'))
            FROM run ORDER BY id
            """)).containsExactly(
        "trial-1 | {\"training.learningRate\": 0.001} | random | -",
        "trial-2 | {\"training.learningRate\": 0.002} | random | tpe needs 2",
        "trial-3 | {\"training.learningRate\": 0.003} | tpe | -",
        "trial-4 | {\"training.learningRate\": 0.004} | - | -",
        "alone | - | -");
    assertThatThrownBy(() -> database.execute("UPDATE run SET sweep_drawn_why = 'why' WHERE name = 'trial-3'"))
        .isInstanceOf(SQLException.class).hasMessageContaining("run_drawn_in_sweep");
    assertThatThrownBy(() -> database.execute("UPDATE run SET sweep_drawn_by = 'random' WHERE name = 'alone'"))
        .isInstanceOf(SQLException.class).hasMessageContaining("run_drawn_in_sweep");
    assertThatThrownBy(() -> database.execute("UPDATE run SET sweep_drawn_by = 'grid' WHERE name = 'trial-4'"))
        .isInstanceOf(SQLException.class).hasMessageContaining("check");
  }
}
