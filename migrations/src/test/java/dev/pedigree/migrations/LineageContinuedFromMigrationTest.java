package dev.pedigree.migrations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pedigree.migrations.testing.TestPostgres;
import java.sql.SQLException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** V017: a run that continues another run's checkpoint has a 'continued_from' edge; edges made before it stay. */
class LineageContinuedFromMigrationTest {
  private static MigrationSteps database;

  @BeforeAll
  static void emptyDatabase() {
    database = new MigrationSteps(
        TestPostgres.newEmptyDatabase(LineageContinuedFromMigrationTest.class.getSimpleName()));
  }

  @AfterAll
  static void drop() {
    TestPostgres.drop(database.database());
  }

  @Test
  void aContinuedFromEdgeIsAcceptedBesideTheOldRelationsAndAnUnknownOneIsNot() throws SQLException {
    database.migrate("16");
    database.execute("""
        INSERT INTO artifact (id, kind, name, uri, sha256, bytes, format) VALUES
            ('00000000-0000-0000-0000-0000000000c1', 'checkpoint', 'ckpt-00000010.safetensors', 'file:///c',
             repeat('a', 64), 1, 'safetensors'),
            ('00000000-0000-0000-0000-0000000000d1', 'model', 'model.safetensors', 'file:///m', repeat('b', 64), 1,
             'safetensors');
        INSERT INTO lineage_edge (from_artifact_id, to_artifact_id, relation)
        VALUES ('00000000-0000-0000-0000-0000000000c1', '00000000-0000-0000-0000-0000000000d1', 'finetuned_from');
        """);

    database.migrate("latest");
    database.execute("""
        INSERT INTO lineage_edge (from_artifact_id, to_artifact_id, relation)
        VALUES ('00000000-0000-0000-0000-0000000000c1', '00000000-0000-0000-0000-0000000000d1', 'continued_from');
        """);

    assertThat(database.rows("SELECT relation FROM lineage_edge ORDER BY id"))
        .containsExactly("finetuned_from", "continued_from");
    assertThatThrownBy(() -> database.execute("""
        INSERT INTO lineage_edge (from_artifact_id, to_artifact_id, relation)
        VALUES ('00000000-0000-0000-0000-0000000000c1', '00000000-0000-0000-0000-0000000000d1', 'exploited');
        """)).isInstanceOf(SQLException.class).hasMessageContaining("lineage_edge_relation_check");
  }
}
