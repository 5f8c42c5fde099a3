package dev.pedigree.api.scaling;

import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The finished pretrain runs a scaling law rests on, with their specs and a metric's last value. */
@Repository
class ScalingRunRepository {
  /**
   * The newest runs only: a project's recent runs are its current setup, and the fit's cost grows with the runs (on
   * a loaded 2-core machine the grid of starts took 2 s for 100 runs, 20 s for 500).
   */
  static final int MAX_RUNS = 100;
  private static final String COLUMNS = "p.name AS project, r.id, r.name, CAST(r.spec AS text) AS spec,"
      + " s.last_value AS loss";
  private static final String SUCCEEDED_WITH_METRIC =
      """
      FROM run r
      JOIN project p ON p.id = r.project_id
      JOIN metric_key k ON k.run_id = r.id AND k.name = :metric
      JOIN metric_summary s ON s.key_id = k.id
      WHERE r.kind = 'pretrain' AND r.status = 'SUCCEEDED'
      """;
  private static final String FINISHED = "SELECT " + COLUMNS + "\n" + SUCCEEDED_WITH_METRIC
      + """
        AND (CAST(:project AS text) IS NULL OR p.name = :project)
      ORDER BY r.created_at DESC, r.id DESC
      LIMIT :limit
      """;
  private static final String FINISHED_PER_PROJECT =
      """
      SELECT project, id, name, spec, loss FROM (
        SELECT %s,
          row_number() OVER (PARTITION BY r.project_id ORDER BY r.created_at DESC, r.id DESC) AS newest
        %s) ranked
      WHERE newest <= :limit
      ORDER BY project, newest
      """.formatted(COLUMNS, SUCCEEDED_WITH_METRIC);

  /** A succeeded pretrain run of {@code project} and the value of the metric at its last step. */
  record FinishedRun(String project, UUID id, String name, String spec, double loss) {}

  private final JdbcClient jdbc;

  ScalingRunRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** Of {@code project} (every project when null), newest first. */
  List<FinishedRun> finished(String project, String metric) {
    return jdbc.sql(FINISHED).param("project", project).param("metric", metric).param("limit", MAX_RUNS)
        .query(FinishedRun.class).list();
  }

  /** Those each project's law would rest on, by project name, each project's newest first. */
  List<FinishedRun> finishedPerProject(String metric) {
    return jdbc.sql(FINISHED_PER_PROJECT).param("metric", metric).param("limit", MAX_RUNS)
        .query(FinishedRun.class).list();
  }
}
