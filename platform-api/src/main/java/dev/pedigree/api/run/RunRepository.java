package dev.pedigree.api.run;

import static dev.pedigree.api.common.SqlColumns.escapeLike;
import static dev.pedigree.api.common.SqlColumns.instant;

import dev.pedigree.api.registry.ModelReference;
import dev.pedigree.workflows.run.InputModel;
import dev.pedigree.workflows.spec.ModelInput;
import dev.pedigree.workflows.spec.RunKinds;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

@Repository
class RunRepository {
  private static final String SELECT_RUN =
      """
      SELECT r.id, r.name, p.name AS project, r.kind, r.status, r.spec::text AS spec, r.total_steps,
             r.progress_step, r.error, r.created_at, r.started_at, r.finished_at, r.sweep_id, r.sweep_trial,
             r.sweep_params::text AS sweep_params, r.sweep_drawn_by, r.sweep_drawn_why
      FROM run r JOIN project p ON p.id = r.project_id
      """;
  private static final String FILTER =
      """
      WHERE (CAST(:status AS text) IS NULL OR r.status = :status)
        AND (CAST(:kind AS text) IS NULL OR r.kind = :kind)
        AND (CAST(:project AS text) IS NULL OR p.name = :project)
        AND (CAST(:q AS text) IS NULL OR r.name ILIKE '%' || :q || '%')
        AND (CAST(:sweep AS uuid) IS NULL OR r.sweep_id = :sweep)
      """;

  private final JdbcClient jdbc;
  private final JsonMapper json;

  RunRepository(JdbcClient jdbc, JsonMapper json) {
    this.jdbc = jdbc;
    this.json = json;
  }

  /**
   * The run's row and its input rows, in one transaction; a repeat with the same id changes nothing.
   *
   * @param references the registry reference that named an input, by the input's field
   * @param stage the run's pipeline and stage, or null for a run on its own
   * @param trial the sweep and trial the run is, or null
   */
  @Transactional
  void insert(UUID id, String name, String project, String kind, String specJson, long totalSteps,
      List<ModelInput> inputs, List<InputModel> models, Map<String, ModelReference> references, PipelineStage stage,
      SweepTrial trial) {
    jdbc.sql("INSERT INTO project (name) VALUES (:name) ON CONFLICT (name) DO NOTHING").param("name", project).update();
    jdbc.sql(
            """
            INSERT INTO run (id, project_id, name, kind, status, spec, total_steps, pipeline_id, pipeline_stage,
                             sweep_id, sweep_trial, sweep_params, sweep_drawn_by, sweep_drawn_why)
            SELECT :id, p.id, :name, :kind, 'QUEUED', CAST(:spec AS jsonb), :totalSteps, :pipeline, :stage,
                   :sweep, :trial, CAST(:params AS jsonb), :drawnBy, :drawnWhy
            FROM project p WHERE p.name = :project
            ON CONFLICT (id) DO NOTHING
            """)
        .param("id", id)
        .param("name", name)
        .param("kind", kind)
        .param("spec", specJson)
        .param("totalSteps", totalSteps)
        .param("project", project)
        .param("pipeline", stage == null ? null : stage.pipelineId())
        .param("stage", stage == null ? null : stage.name())
        .param("sweep", trial == null ? null : trial.id())
        .param("trial", trial == null ? null : trial.trial())
        .param("params", trial == null ? null : trial.params().toString())
        .param("drawnBy", trial == null ? null : trial.drawnBy())
        .param("drawnWhy", trial == null ? null : trial.drawnWhy())
        .update();
    for (int i = 0; i < inputs.size(); i++) {
      ModelReference reference = references.get(inputs.get(i).field());
      jdbc.sql(
              """
              INSERT INTO run_input (run_id, role, artifact_id, relation, params, registry, registry_version)
              VALUES (:run, :role, :artifact, :relation, CAST(:params AS jsonb), :registry, :registryVersion)
              ON CONFLICT DO NOTHING
              """)
          .param("run", id)
          .param("role", inputs.get(i).role())
          .param("artifact", models.get(i).artifactId())
          .param("relation", inputs.get(i).relation())
          .param("params", json.writeValueAsString(inputs.get(i).params()))
          .param("registry", reference == null ? null : reference.registry())
          .param("registryVersion", reference == null ? null : reference.version())
          .update();
    }
  }

  /** The run's inputs with where their bytes are, as its workflow needs them. */
  List<InputModel> inputModels(UUID runId) {
    return jdbc.sql(
            """
            SELECT i.role, a.id, a.uri, a.sha256 FROM run_input i JOIN artifact a ON a.id = i.artifact_id
            WHERE i.run_id = :run ORDER BY i.role
            """)
        .param("run", runId)
        .query((rs, n) -> new InputModel(rs.getString("role"), rs.getObject("id", UUID.class), rs.getString("uri"),
            rs.getString("sha256")))
        .list();
  }

  Optional<Run> find(UUID id) {
    return jdbc.sql(SELECT_RUN + " WHERE r.id = :id").param("id", id).query(this::run).optional();
  }

  /** The runs among {@code ids} that exist, in no particular order. */
  List<Run> findAll(Collection<UUID> ids) {
    if (ids.isEmpty()) {
      return List.of();
    }
    return jdbc.sql(SELECT_RUN + " WHERE r.id IN (:ids)").param("ids", ids).query(this::run).list();
  }

  List<Run> list(RunFilter filter, int page, int size) {
    return filtered(SELECT_RUN + FILTER + " ORDER BY r.created_at DESC, r.id DESC LIMIT :limit OFFSET :offset", filter)
        .param("limit", size)
        .param("offset", (long) page * size)
        .query(this::run)
        .list();
  }

  long count(RunFilter filter) {
    return filtered("SELECT count(*) FROM run r JOIN project p ON p.id = r.project_id " + FILTER, filter)
        .query(Long.class)
        .single();
  }

  /**
   * Unfinished runs that Pedigree schedules, of no pipeline or sweep; a pipeline's or sweep's runs are its workflow's
   * to restart.
   */
  List<UUID> activeOutsidePipelines() {
    return jdbc.sql(
            """
            SELECT id FROM run WHERE status IN ('QUEUED', 'RUNNING') AND pipeline_id IS NULL AND sweep_id IS NULL
              AND kind <> :tracked
            ORDER BY created_at
            """)
        .param("tracked", RunKinds.TRACKED)
        .query(UUID.class)
        .list();
  }

  /** @return false when the run had already ended: a late or repeated ledger call changes nothing */
  boolean markRunning(UUID id) {
    return jdbc.sql(
                """
                UPDATE run SET status = 'RUNNING', started_at = coalesce(started_at, now())
                WHERE id = :id AND status IN ('QUEUED', 'RUNNING')
                """)
            .param("id", id)
            .update()
        == 1;
  }

  boolean markEnded(UUID id, RunStatus status, String error) {
    int updated =
        jdbc.sql(
                """
                UPDATE run SET status = :status, error = :error, finished_at = now(),
                       progress_step = CASE WHEN :status = 'SUCCEEDED' THEN total_steps ELSE progress_step END
                WHERE id = :id AND status IN ('QUEUED', 'RUNNING')
                """)
            .param("id", id)
            .param("status", status.name())
            .param("error", error)
            .update();
    jdbc.sql("UPDATE run_attempt SET ended_at = now() WHERE run_id = :id AND ended_at IS NULL").param("id", id).update();
    return updated == 1;
  }

  void requestCancel(UUID id) {
    jdbc.sql("UPDATE run SET cancel_requested = true WHERE id = :id").param("id", id).update();
  }

  /**
   * Records that an attempt started {@code heldSeconds} ago; the attempts before it have ended. Idempotent on (run,
   * attempt).
   */
  void recordAttempt(UUID runId, int attempt, long fromStep, String worker, String device, double heldSeconds) {
    jdbc.sql(
            """
            INSERT INTO run_attempt (run_id, attempt, from_step, worker, device, started_at, last_seen_at, last_step)
            VALUES (:run, :attempt, :from, :worker, :device, now() - make_interval(secs => :held), now(), :from)
            ON CONFLICT (run_id, attempt) DO UPDATE SET from_step = excluded.from_step, worker = excluded.worker,
                device = excluded.device, last_seen_at = GREATEST(run_attempt.last_seen_at, now())
            """)
        .param("run", runId)
        .param("attempt", attempt)
        .param("from", fromStep)
        .param("worker", worker)
        .param("device", device)
        .param("held", heldSeconds)
        .update();
    jdbc.sql("UPDATE run_attempt SET ended_at = now() WHERE run_id = :run AND attempt < :attempt AND ended_at IS NULL")
        .param("run", runId)
        .param("attempt", attempt)
        .update();
  }

  /**
   * A worker request of the run's latest attempt (an artifact it wrote): the attempt still holds its device, unless it
   * has ended (an ended attempt's time is history).
   */
  void attemptSeen(UUID runId) {
    jdbc.sql(
            """
            UPDATE run_attempt SET last_seen_at = GREATEST(last_seen_at, now())
            WHERE run_id = :run AND ended_at IS NULL
              AND attempt = (SELECT max(attempt) FROM run_attempt WHERE run_id = :run)
            """)
        .param("run", runId)
        .update();
  }

  /** The highest attempt number recorded for the run, 0 when none. */
  int lastAttempt(UUID runId) {
    return jdbc.sql("SELECT coalesce(max(attempt), 0) FROM run_attempt WHERE run_id = :run")
        .param("run", runId)
        .query(Integer.class)
        .single();
  }

  List<Attempt> attempts(UUID runId) {
    return jdbc.sql(
            """
            SELECT a.attempt, a.from_step, a.worker, a.device, a.started_at, a.ended_at,
                   round(u.device_seconds, 3) AS device_seconds, round(u.lost_seconds, 3) AS lost_seconds
            FROM run_attempt a JOIN attempt_usage u ON u.run_id = a.run_id AND u.attempt = a.attempt
            WHERE a.run_id = :run ORDER BY a.attempt
            """)
        .param("run", runId)
        .query((rs, n) -> new Attempt(rs.getInt("attempt"), rs.getLong("from_step"), rs.getString("worker"),
            rs.getString("device"), instant(rs, "started_at"), instant(rs, "ended_at"), rs.getDouble("device_seconds"),
            rs.getDouble("lost_seconds")))
        .list();
  }

  private JdbcClient.StatementSpec filtered(String sql, RunFilter filter) {
    return jdbc.sql(sql)
        .param("status", filter.status() == null ? null : filter.status().name())
        .param("kind", filter.kind())
        .param("project", filter.project())
        .param("q", filter.q() == null ? null : escapeLike(filter.q()))
        .param("sweep", filter.sweep());
  }

  private Run run(ResultSet rs, int row) throws SQLException {
    UUID sweep = rs.getObject("sweep_id", UUID.class);
    return new Run(
        rs.getObject("id", UUID.class),
        rs.getString("name"),
        rs.getString("project"),
        rs.getString("kind"),
        RunStatus.valueOf(rs.getString("status")),
        rs.getString("spec"),
        rs.getLong("total_steps"),
        rs.getLong("progress_step"),
        rs.getString("error"),
        instant(rs, "created_at"),
        instant(rs, "started_at"),
        instant(rs, "finished_at"),
        sweep == null ? null : SweepTrial.fromRow(sweep, rs, json));
  }
}
