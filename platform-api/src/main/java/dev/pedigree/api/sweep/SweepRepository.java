package dev.pedigree.api.sweep;

import static dev.pedigree.api.common.SqlColumns.instant;

import dev.pedigree.api.common.BatchLedger;
import dev.pedigree.api.run.RunStatus;
import dev.pedigree.api.run.SweepTrial;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.json.JsonMapper;

@Repository
class SweepRepository {
  private static final String SELECT =
      """
      SELECT s.id, s.name, p.name AS project, s.status, s.spec::text AS spec, s.error, s.created_at, s.started_at,
             s.finished_at
      FROM sweep s JOIN project p ON p.id = s.project_id
      """;

  private final JdbcClient jdbc;
  private final BatchLedger ledger;
  private final JsonMapper json;

  SweepRepository(JdbcClient jdbc, JsonMapper json) {
    this.jdbc = jdbc;
    this.json = json;
    this.ledger = new BatchLedger(jdbc, "sweep");
  }

  void insert(UUID id, String name, String project, String specJson) {
    ledger.insert(id, name, project, specJson);
  }

  Optional<Sweep> find(UUID id) {
    return jdbc.sql(SELECT + " WHERE s.id = :id").param("id", id).query(SweepRepository::sweep).optional();
  }

  List<Sweep> list(int page, int size) {
    return jdbc.sql(SELECT + " ORDER BY s.created_at DESC, s.id DESC LIMIT :limit OFFSET :offset")
        .param("limit", size)
        .param("offset", (long) page * size)
        .query(SweepRepository::sweep)
        .list();
  }

  /** The runs of the sweep's trials that have started, by trial, each with the trial it continued in a pbt sweep. */
  List<TrialRun> trialRuns(UUID sweepId) {
    return jdbc.sql(
            """
            SELECT r.sweep_trial, r.id, r.status, r.stopped_early, r.total_steps, r.sweep_params::text AS sweep_params,
                   r.sweep_drawn_by, r.sweep_drawn_why, parent.sweep_trial AS parent_trial
            FROM run r
            LEFT JOIN run_input continued ON continued.run_id = r.id AND continued.relation = 'continued_from'
            LEFT JOIN artifact checkpoint ON checkpoint.id = continued.artifact_id
            LEFT JOIN run parent ON parent.id = checkpoint.run_id AND parent.sweep_id = r.sweep_id
            WHERE r.sweep_id = :sweep ORDER BY r.sweep_trial
            """)
        .param("sweep", sweepId)
        .query((rs, n) -> new TrialRun(rs.getInt("sweep_trial"), rs.getObject("id", UUID.class),
            RunStatus.valueOf(rs.getString("status")), rs.getBoolean("stopped_early"),
            rs.getLong("total_steps"), SweepTrial.fromRow(sweepId, rs, json),
            rs.getObject("parent_trial", Integer.class)))
        .list();
  }

  /** Unfinished sweeps, oldest first. */
  List<UUID> active() {
    return ledger.active();
  }

  /**
   * The trial's run, if it has one: a sweep restarted after a platform restart continues an unfinished one, and a
   * repeated request gets the run it recorded rather than values drawn again (a tpe draw depends on when it is made).
   */
  Optional<UUID> trialRun(UUID sweepId, int trial) {
    return jdbc.sql("SELECT id FROM run WHERE sweep_id = :sweep AND sweep_trial = :trial")
        .param("sweep", sweepId)
        .param("trial", trial)
        .query(UUID.class)
        .optional();
  }

  void markRunning(UUID id) {
    ledger.markRunning(id);
  }

  /** @return false when it had already ended: a repeated ledger call changes nothing */
  boolean markEnded(UUID id, RunStatus status, String error) {
    return ledger.markEnded(id, status.name(), error);
  }

  void markStoppedEarly(UUID runId) {
    jdbc.sql("UPDATE run SET stopped_early = true WHERE id = :id AND sweep_id IS NOT NULL").param("id", runId).update();
  }

  private static Sweep sweep(ResultSet rs, int row) throws SQLException {
    return new Sweep(rs.getObject("id", UUID.class), rs.getString("name"), rs.getString("project"),
        RunStatus.valueOf(rs.getString("status")), rs.getString("spec"), rs.getString("error"),
        instant(rs, "created_at"), instant(rs, "started_at"), instant(rs, "finished_at"));
  }
}
