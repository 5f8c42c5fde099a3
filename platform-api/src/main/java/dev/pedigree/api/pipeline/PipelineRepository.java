package dev.pedigree.api.pipeline;

import static dev.pedigree.api.common.SqlColumns.instant;

import dev.pedigree.api.common.BatchLedger;
import dev.pedigree.api.registry.ModelReference;
import dev.pedigree.api.run.RunStatus;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
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
              WHERE r.pipeline_id = pl.id AND r.status = 'SUCCEEDED')
             + (SELECT count(*) FROM pipeline_gate g
                WHERE g.pipeline_id = pl.id AND g.status = 'APPROVED')
             + (SELECT count(*) FROM pipeline_registration g WHERE g.pipeline_id = pl.id) AS stages_succeeded,
             (SELECT string_agg(g.stage, ',' ORDER BY g.reached_at, g.stage) FROM pipeline_gate g
              WHERE g.pipeline_id = pl.id AND g.status = 'WAITING') AS waiting_gates
      FROM pipeline pl JOIN project p ON p.id = pl.project_id
      """;

  private static final TypeReference<Map<String, ModelReference>> REFERENCES = new TypeReference<>() {};

  private final JdbcClient jdbc;
  private final JsonMapper json;
  private final BatchLedger ledger;

  PipelineRepository(JdbcClient jdbc, JsonMapper json) {
    this.jdbc = jdbc;
    this.json = json;
    this.ledger = new BatchLedger(jdbc, "pipeline");
  }

  /** @param references the registry references of each stage's spec, by stage name and field */
  void insert(UUID id, String name, String project, String specJson,
      Map<String, Map<String, ModelReference>> references) {
    ledger.insert(id, name, project, specJson);
    jdbc.sql("UPDATE pipeline SET model_references = CAST(:references AS jsonb) WHERE id = :id")
        .param("id", id)
        .param("references", json.writeValueAsString(references))
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
    return ledger.active();
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

  void markRunning(UUID id) {
    ledger.markRunning(id);
  }

  /**
   * Its gates still waiting are forgotten: nobody can decide them any more, and a retry asks again.
   *
   * @return false when it had already ended: a repeated ledger call changes nothing
   */
  boolean markEnded(UUID id, RunStatus status, String error) {
    jdbc.sql("DELETE FROM pipeline_gate WHERE pipeline_id = :id AND status = 'WAITING'").param("id", id).update();
    return ledger.markEnded(id, status.name(), error);
  }

  /**
   * The pipeline reached the gate (again, after a retry of a rejection): it waits, with no decision, until
   * {@code timeoutAt} if that is set. Its earlier decisions stay in the gate's history.
   *
   * @return false when it waited already: a repeated ledger call changes nothing, the first deadline included
   */
  boolean markGateWaiting(UUID pipelineId, String stage, Instant timeoutAt) {
    return jdbc.sql(
            """
            INSERT INTO pipeline_gate (pipeline_id, stage, status, timeout_at)
            VALUES (:pipeline, :stage, 'WAITING', :timeoutAt)
            ON CONFLICT (pipeline_id, stage) DO UPDATE
              SET status = 'WAITING', reached_at = now(), decided_at = NULL, decided_by = NULL, comment = NULL,
                  timeout_at = excluded.timeout_at
              WHERE pipeline_gate.status = 'REJECTED'
            """)
            .param("pipeline", pipelineId)
            .param("stage", stage)
            .param("timeoutAt", timeoutAt == null ? null : Timestamp.from(timeoutAt))
            .update()
        == 1;
  }

  /**
   * Decides the waiting gate and adds the decision to its history, under the pipeline's current attempt, in one
   * statement. Only a waiting gate takes a decision, so a repeated ledger call changes nothing.
   */
  void recordGateDecision(UUID pipelineId, String stage, boolean approved, String by, String comment,
      boolean timedOut) {
    jdbc.sql(
            """
            WITH decided AS (
              UPDATE pipeline_gate SET status = :status, decided_at = now(), decided_by = :by, comment = :comment
              WHERE pipeline_id = :pipeline AND stage = :stage AND status = 'WAITING'
              RETURNING pipeline_id, stage, decided_at)
            INSERT INTO pipeline_gate_decision
              (pipeline_id, stage, attempt, decision, decided_by, decided_at, comment, timed_out)
            SELECT d.pipeline_id, d.stage, p.attempt, :decision, :by, d.decided_at, :comment, :timedOut
            FROM decided d JOIN pipeline p ON p.id = d.pipeline_id
            """)
        .param("pipeline", pipelineId)
        .param("stage", stage)
        .param("status", approved ? "APPROVED" : "REJECTED")
        .param("decision", approved ? "approve" : "reject")
        .param("by", by)
        .param("comment", comment)
        .param("timedOut", timedOut)
        .update();
  }

  /** Every decision at the pipeline's gates, by stage name, oldest first. */
  Map<String, List<PastDecision>> gateDecisions(UUID pipelineId) {
    Map<String, List<PastDecision>> decisions = new LinkedHashMap<>();
    jdbc.sql("SELECT * FROM pipeline_gate_decision WHERE pipeline_id = :pipeline ORDER BY attempt, decided_at")
        .param("pipeline", pipelineId)
        .query((rs, n) -> Map.entry(rs.getString("stage"), new PastDecision(rs.getInt("attempt"),
            rs.getString("decision"), rs.getString("decided_by"), instant(rs, "decided_at"), rs.getString("comment"),
            rs.getBoolean("timed_out"))))
        .list()
        .forEach(entry -> decisions.computeIfAbsent(entry.getKey(), stage -> new ArrayList<>()).add(entry.getValue()));
    return decisions;
  }

  /** Once per stage: a repeated ledger call keeps the first. */
  void recordRegistration(UUID pipelineId, String stage, Registration registration) {
    jdbc.sql(
            """
            INSERT INTO pipeline_registration (pipeline_id, stage, artifact_id, model_name, version, alias)
            VALUES (:pipeline, :stage, :artifact, :name, :version, :alias)
            ON CONFLICT (pipeline_id, stage) DO NOTHING
            """)
        .param("pipeline", pipelineId)
        .param("stage", stage)
        .param("artifact", registration.model())
        .param("name", registration.name())
        .param("version", registration.version())
        .param("alias", registration.alias())
        .update();
  }

  /** What the pipeline's register stages registered, by stage name. */
  Map<String, Registration> registrations(UUID pipelineId) {
    Map<String, Registration> registrations = new LinkedHashMap<>();
    jdbc.sql("SELECT * FROM pipeline_registration WHERE pipeline_id = :pipeline ORDER BY registered_at, stage")
        .param("pipeline", pipelineId)
        .query((rs, n) -> Map.entry(rs.getString("stage"), new Registration(rs.getObject("artifact_id", UUID.class),
            rs.getString("model_name"), rs.getInt("version"), rs.getString("alias"))))
        .list()
        .forEach(entry -> registrations.put(entry.getKey(), entry.getValue()));
    return registrations;
  }

  /** The gates the pipeline reached, by stage name. */
  Map<String, Gate> gates(UUID pipelineId) {
    Map<String, Gate> gates = new LinkedHashMap<>();
    jdbc.sql("SELECT * FROM pipeline_gate WHERE pipeline_id = :pipeline ORDER BY reached_at, stage")
        .param("pipeline", pipelineId)
        .query((rs, n) -> new Gate(rs.getString("stage"), rs.getString("status"), instant(rs, "reached_at"),
            instant(rs, "decided_at"), rs.getString("decided_by"), rs.getString("comment"),
            instant(rs, "timeout_at")))
        .list()
        .forEach(gate -> gates.put(gate.stage(), gate));
    return gates;
  }

  /**
   * Ready for another try, the next attempt: FAILED or CANCELLED becomes QUEUED; @return false in any other status
   */
  boolean requeue(UUID id) {
    return jdbc.sql("UPDATE pipeline SET status = 'QUEUED', attempt = attempt + 1"
            + " WHERE id = :id AND status IN ('FAILED', 'CANCELLED')")
            .param("id", id)
            .update()
        == 1;
  }

  private static Pipeline pipeline(ResultSet rs, int row) throws SQLException {
    return new Pipeline(rs.getObject("id", UUID.class), rs.getString("name"), rs.getString("project"),
        RunStatus.valueOf(rs.getString("status")), rs.getString("spec"), rs.getString("error"),
        instant(rs, "created_at"), instant(rs, "started_at"), instant(rs, "finished_at"),
        rs.getInt("stages_succeeded"), rs.getInt("stages_total"),
        rs.getString("waiting_gates") == null ? List.of() : List.of(rs.getString("waiting_gates").split(",")));
  }
}
