package dev.pedigree.api.common;

import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The rows of a table of run batches (pipelines, sweeps): a name, a project, the submitted body as {@code spec} and a
 * run's lifecycle columns ({@code status}, {@code error}, {@code started_at}, {@code finished_at}), which only the
 * batch's workflow changes.
 *
 * @param table a table name from the code, never from a request
 */
public record BatchLedger(JdbcClient jdbc, String table) {

  /** A QUEUED row, in the project (created when new). */
  public void insert(UUID id, String name, String project, String specJson) {
    jdbc.sql("INSERT INTO project (name) VALUES (:name) ON CONFLICT (name) DO NOTHING").param("name", project).update();
    jdbc.sql("INSERT INTO " + table + " (id, project_id, name, status, spec)"
            + " SELECT :id, p.id, :name, 'QUEUED', CAST(:spec AS jsonb) FROM project p WHERE p.name = :project")
        .param("id", id)
        .param("name", name)
        .param("spec", specJson)
        .param("project", project)
        .update();
  }

  /** Unfinished rows, oldest first. */
  public List<UUID> active() {
    return jdbc.sql("SELECT id FROM " + table + " WHERE status IN ('QUEUED', 'RUNNING') ORDER BY created_at")
        .query(UUID.class)
        .list();
  }

  /**
   * Only from QUEUED (a retry requeues an ended row first) or RUNNING (a restarted workflow): a cancel that ends the
   * workflow while this ledger call is in flight must not be undone by it, leaving a RUNNING row that no workflow runs
   * and no cancel can stop.
   */
  public void markRunning(UUID id) {
    jdbc.sql("UPDATE " + table + " SET status = 'RUNNING', error = NULL, finished_at = NULL,"
            + " started_at = coalesce(started_at, now()) WHERE id = :id AND status IN ('QUEUED', 'RUNNING')")
        .param("id", id)
        .update();
  }

  /**
   * @param status SUCCEEDED, FAILED or CANCELLED
   * @return false when it had already ended: a repeated ledger call changes nothing
   */
  public boolean markEnded(UUID id, String status, String error) {
    return jdbc.sql("UPDATE " + table + " SET status = :status, error = :error, finished_at = now()"
                + " WHERE id = :id AND status IN ('QUEUED', 'RUNNING')")
            .param("id", id)
            .param("status", status)
            .param("error", error)
            .update()
        == 1;
  }
}
