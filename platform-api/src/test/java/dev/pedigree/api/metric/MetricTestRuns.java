package dev.pedigree.api.metric;

import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Runs for metric tests, inserted directly: the run feature is not under test here. */
final class MetricTestRuns {
  private MetricTestRuns() {}

  static UUID insert(JdbcClient jdbc) {
    UUID id = UUID.randomUUID();
    jdbc.sql(
            """
            INSERT INTO run (id, project_id, name, kind, status, spec)
            SELECT :id, id, 'metrics-test', 'pretrain', 'RUNNING', '{}'::jsonb FROM project WHERE name = 'default'
            """)
        .param("id", id)
        .update();
    return id;
  }
}
