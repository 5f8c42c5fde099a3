package dev.pedigree.api.registry;

import static dev.pedigree.api.common.SqlColumns.instant;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Versions' stages and every transition between them. */
@Repository
class StageRepository {
  private static final String TRANSITION =
      "version, from_stage, to_stage, transitioned_by, transitioned_at FROM model_stage_transition";

  private final JdbcClient jdbc;

  StageRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** The versions of the model in the stage, oldest first. */
  List<Integer> versionsIn(long modelId, Stage stage) {
    return jdbc.sql("SELECT version FROM model_version WHERE model_id = :model AND stage = :stage ORDER BY version")
        .param("model", modelId)
        .param("stage", stage.label())
        .query(Integer.class)
        .list();
  }

  Stage stageOf(long modelId, int version) {
    return jdbc.sql("SELECT stage FROM model_version WHERE model_id = :model AND version = :version")
        .param("model", modelId)
        .param("version", version)
        .query((rs, n) -> Stage.parse(rs.getString("stage")).orElseThrow())
        .single();
  }

  /** Moves the version to the stage and records the move; the caller holds the model's lock. */
  void transition(long modelId, int version, Stage from, Stage to, String movedBy) {
    jdbc.sql("UPDATE model_version SET stage = :stage WHERE model_id = :model AND version = :version")
        .param("stage", to.label())
        .param("model", modelId)
        .param("version", version)
        .update();
    jdbc.sql(
            """
            INSERT INTO model_stage_transition (model_id, version, from_stage, to_stage, transitioned_by)
            VALUES (:model, :version, :from, :to, :movedBy)
            """)
        .param("model", modelId)
        .param("version", version)
        .param("from", from.label())
        .param("to", to.label())
        .param("movedBy", movedBy)
        .update();
  }

  /** Oldest first, in the order the transitions happened. */
  List<StageTransition> history(long modelId, int version) {
    return jdbc.sql("SELECT " + TRANSITION + " WHERE model_id = :model AND version = :version ORDER BY id")
        .param("model", modelId)
        .param("version", version)
        .query(StageRepository::transition)
        .list();
  }

  /** Every version's transitions, oldest first. */
  List<StageTransition> history(long modelId) {
    return jdbc.sql("SELECT " + TRANSITION + " WHERE model_id = :model ORDER BY id")
        .param("model", modelId)
        .query(StageRepository::transition)
        .list();
  }

  private static StageTransition transition(ResultSet rs, int row) throws SQLException {
    return new StageTransition(rs.getInt("version"), rs.getString("from_stage"), rs.getString("to_stage"),
        rs.getString("transitioned_by"), instant(rs, "transitioned_at"));
  }
}
