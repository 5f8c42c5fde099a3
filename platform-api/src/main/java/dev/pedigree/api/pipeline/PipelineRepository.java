package dev.pedigree.api.pipeline;

import static dev.pedigree.api.common.SqlColumns.instant;

import dev.pedigree.api.registry.ModelReference;
import dev.pedigree.api.run.RunStatus;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

@Repository
class PipelineRepository {
  private static final String SELECT =
      """
      SELECT pl.id, pl.name, p.name AS project, pl.status, pl.spec::text AS spec, pl.error, pl.created_at,
             pl.started_at, pl.finished_at, jsonb_array_length(pl.spec -> 'stages') AS stages_total,
             (SELECT count(DISTINCT r.pipeline_stage) FROM run r
              WHERE r.pipeline_id = pl.id AND r.status = 'SUCCEEDED') AS stages_succeeded
      FROM pipeline pl JOIN project p ON p.id = pl.project_id
      """;

  private static final TypeReference<Map<String, ModelReference>> REFERENCES = new TypeReference<>() {};

  private final JdbcClient jdbc;
  private final JsonMapper json;

  PipelineRepository(JdbcClient jdbc, JsonMapper json) {
    this.jdbc = jdbc;
    this.json = json;
  }

  /** @param references the registry references of each stage's spec, by stage name and field */
  void insert(UUID id, String name, String project, String specJson,
      Map<String, Map<String, ModelReference>> references) {
    jdbc.sql("INSERT INTO project (name) VALUES (:name) ON CONFLICT (name) DO NOTHING").param("name", project).update();
    jdbc.sql(
            """
            INSERT INTO pipeline (id, project_id, name, status, spec, model_references)
            SELECT :id, p.id, :name, 'QUEUED', CAST(:spec AS jsonb), CAST(:references AS jsonb)
            FROM project p WHERE p.name = :project
            """)
        .param("id", id)
        .param("name", name)
        .param("spec", specJson)
        .param("references", json.writeValueAsString(references))
        .param("project", project)
        .update();
  }

  Optional<Pipeline> find(UUID id) {
    return jdbc.sql(SELECT + " WHERE pl.id = :id").param("id", id).query(PipelineRepository::pipeline).optional();
  }

  List<Pipeline> list(int page, int size) {
    return jdbc.sql(SELECT + " ORDER BY pl.created_at DESC, pl.id DESC LIMIT :limit OFFSET :offset")
        .param("limit", size)
        .param("offset", (long) page * size)
        .query(PipelineRepository::pipeline)
        .list();
  }

  /** Every stage run with the model it registered, oldest first. */
  List<StageRun> stageRuns(UUID pipelineId) {
    return jdbc.sql(
            """
            SELECT r.pipeline_stage, r.id, r.status,
                   (SELECT a.id FROM artifact a WHERE a.run_id = r.id AND a.kind = 'model' ORDER BY a.created_at
                    LIMIT 1) AS model
            FROM run r WHERE r.pipeline_id = :pipeline ORDER BY r.created_at, r.id
            """)
        .param("pipeline", pipelineId)
        .query((rs, n) -> new StageRun(rs.getString("pipeline_stage"), rs.getObject("id", UUID.class),
            RunStatus.valueOf(rs.getString("status")), rs.getObject("model", UUID.class)))
        .list();
  }

  /** Unfinished pipelines, oldest first. */
  List<UUID> active() {
    return jdbc.sql("SELECT id FROM pipeline WHERE status IN ('QUEUED', 'RUNNING') ORDER BY created_at")
        .query(UUID.class)
        .list();
  }

  /** The stage's unfinished run, if it has one: a pipeline restarted after a platform restart continues it. */
  Optional<UUID> activeRun(UUID pipelineId, String stage) {
    return jdbc.sql(
            """
            SELECT id FROM run WHERE pipeline_id = :pipeline AND pipeline_stage = :stage
              AND status IN ('QUEUED', 'RUNNING')
            ORDER BY created_at DESC LIMIT 1
            """)
        .param("pipeline", pipelineId)
        .param("stage", stage)
        .query(UUID.class)
        .optional();
  }

  /** The registry references the stage's spec gave at submission, by field ({@code $.spec.base}). */
  Map<String, ModelReference> modelReferences(UUID pipelineId, String stage) {
    String references =
        jdbc.sql("SELECT coalesce(model_references -> :stage, '{}')::text FROM pipeline WHERE id = :id")
            .param("stage", stage)
            .param("id", pipelineId)
            .query(String.class)
            .single();
    return json.readValue(references, REFERENCES);
  }

  Optional<UUID> modelOf(UUID runId) {
    return jdbc.sql("SELECT id FROM artifact WHERE run_id = :run AND kind = 'model' ORDER BY created_at LIMIT 1")
        .param("run", runId)
        .query(UUID.class)
        .optional();
  }

  /**
   * Only from QUEUED (a retry requeues an ended pipeline first) or RUNNING (a restarted workflow): a cancel that ends
   * the workflow while this ledger call is in flight must not be undone by it, leaving a RUNNING pipeline that no
   * workflow runs and no cancel can stop.
   */
  void markRunning(UUID id) {
    jdbc.sql(
            """
            UPDATE pipeline SET status = 'RUNNING', error = NULL, finished_at = NULL,
                   started_at = coalesce(started_at, now())
            WHERE id = :id AND status IN ('QUEUED', 'RUNNING')
            """)
        .param("id", id)
        .update();
  }

  /** @return false when it had already ended: a repeated ledger call changes nothing */
  boolean markEnded(UUID id, RunStatus status, String error) {
    return jdbc.sql(
                """
                UPDATE pipeline SET status = :status, error = :error, finished_at = now()
                WHERE id = :id AND status IN ('QUEUED', 'RUNNING')
                """)
            .param("id", id)
            .param("status", status.name())
            .param("error", error)
            .update()
        == 1;
  }

  /** Ready for another try: FAILED or CANCELLED becomes QUEUED; @return false in any other status */
  boolean requeue(UUID id) {
    return jdbc.sql("UPDATE pipeline SET status = 'QUEUED' WHERE id = :id AND status IN ('FAILED', 'CANCELLED')")
            .param("id", id)
            .update()
        == 1;
  }

  private static Pipeline pipeline(ResultSet rs, int row) throws SQLException {
    return new Pipeline(rs.getObject("id", UUID.class), rs.getString("name"), rs.getString("project"),
        RunStatus.valueOf(rs.getString("status")), rs.getString("spec"), rs.getString("error"),
        instant(rs, "created_at"), instant(rs, "started_at"), instant(rs, "finished_at"),
        rs.getInt("stages_succeeded"), rs.getInt("stages_total"));
  }
}
