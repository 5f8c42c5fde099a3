package dev.pedigree.api.mlflow;

import static dev.pedigree.api.common.SqlColumns.instant;

import dev.pedigree.api.run.RunStatus;
import dev.pedigree.workflows.spec.RunKinds;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.UnaryOperator;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/** Run rows written by MLflow clients: inserted RUNNING, ended by the client, their spec holding params and tags. */
@Repository
class TrackedRunRepository {
  private static final String SELECT_RUN =
      """
      SELECT r.id, r.project_id, p.name AS project, p.created_at AS project_created_at, r.name, r.kind, r.status,
             r.spec::text AS spec, r.created_at, r.started_at, r.finished_at
      FROM run r JOIN project p ON p.id = r.project_id
      """;

  private final JdbcClient jdbc;

  TrackedRunRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  void insert(UUID id, long projectId, String name, String specJson, Instant startedAt) {
    jdbc.sql(
            """
            INSERT INTO run (id, project_id, name, kind, status, spec, started_at)
            VALUES (:id, :project, :name, :kind, 'RUNNING', CAST(:spec AS jsonb), :started)
            """)
        .param("id", id)
        .param("project", projectId)
        .param("name", name)
        .param("kind", RunKinds.TRACKED)
        .param("spec", specJson)
        .param("started", Timestamp.from(startedAt))
        .update();
  }

  Optional<TrackedRun> find(UUID id) {
    return jdbc.sql(SELECT_RUN + " WHERE r.id = :id").param("id", id).query(TrackedRunRepository::run).optional();
  }

  /**
   * The runs of the projects, {@code limit} from {@code offset}.
   *
   * @param orderBy an ORDER BY list built from {@link RunOrder}'s fixed column names only
   */
  List<TrackedRun> search(Collection<Long> projectIds, String orderBy, int limit, long offset) {
    if (projectIds.isEmpty()) {
      return List.of();
    }
    return jdbc.sql(SELECT_RUN + " WHERE r.project_id IN (:projects) ORDER BY " + orderBy
            + " LIMIT :limit OFFSET :offset")
        .param("projects", projectIds)
        .param("limit", limit)
        .param("offset", offset)
        .query(TrackedRunRepository::run)
        .list();
  }

  /** An unfinished status clears the end time: MLflow clients may resume a run they ended. */
  void updateStatus(UUID id, RunStatus status, Instant finishedAt) {
    jdbc.sql("UPDATE run SET status = :status, finished_at = :finished WHERE id = :id AND kind = :kind")
        .param("id", id)
        .param("status", status.name())
        .param("finished", status.terminal() ? Timestamp.from(finishedAt) : null)
        .param("kind", RunKinds.TRACKED)
        .update();
  }

  /** A tracked run's progress is the highest step its client has logged: it has no total to count towards. */
  void advanceProgress(UUID id, long step) {
    jdbc.sql("UPDATE run SET progress_step = GREATEST(progress_step, :step) WHERE id = :id AND kind = :kind")
        .param("id", id)
        .param("step", step)
        .param("kind", RunKinds.TRACKED)
        .update();
  }

  void rename(UUID id, String name) {
    jdbc.sql("UPDATE run SET name = :name WHERE id = :id AND kind = :kind")
        .param("id", id)
        .param("name", name)
        .param("kind", RunKinds.TRACKED)
        .update();
  }

  /** Replaces the spec by {@code change} of it, with the row locked: concurrent writers of a run take turns. */
  @Transactional
  void changeSpec(UUID id, UnaryOperator<String> change) {
    String spec = jdbc.sql("SELECT spec::text FROM run WHERE id = :id FOR NO KEY UPDATE")
        .param("id", id)
        .query(String.class)
        .single();
    jdbc.sql("UPDATE run SET spec = CAST(:spec AS jsonb) WHERE id = :id")
        .param("id", id)
        .param("spec", change.apply(spec))
        .update();
  }

  private static TrackedRun run(ResultSet rs, int row) throws SQLException {
    return new TrackedRun(
        rs.getObject("id", UUID.class),
        new Experiment(rs.getLong("project_id"), rs.getString("project"), instant(rs, "project_created_at")),
        rs.getString("name"),
        rs.getString("kind"),
        RunStatus.valueOf(rs.getString("status")),
        rs.getString("spec"),
        instant(rs, "created_at"),
        instant(rs, "started_at"),
        instant(rs, "finished_at"));
  }
}
