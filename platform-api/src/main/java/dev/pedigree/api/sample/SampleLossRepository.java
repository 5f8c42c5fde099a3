package dev.pedigree.api.sample;

import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

@Repository
class SampleLossRepository {
  private final JdbcClient jdbc;

  SampleLossRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** A repeated (step, slot), from a resumed attempt, replaces the row. */
  @Transactional
  void save(UUID runId, int attempt, List<SampleLossBatch.Row> rows) {
    for (SampleLossBatch.Row row : rows) {
      jdbc.sql(
              """
              INSERT INTO sample_loss (run_id, step, slot, sample_id, loss, weight, attempt)
              VALUES (:run, :step, :slot, :id, :loss, :weight, :attempt)
              ON CONFLICT (run_id, step, slot) DO UPDATE SET sample_id = excluded.sample_id, loss = excluded.loss,
                  weight = excluded.weight, attempt = excluded.attempt
              """)
          .param("run", runId)
          .param("step", row.step())
          .param("slot", row.slot())
          .param("id", row.id())
          .param("loss", row.loss())
          .param("weight", row.weight())
          .param("attempt", attempt)
          .update();
    }
  }

  /** The step's samples, those that weighed most in its objective first. */
  List<SampleLossView> atStep(UUID runId, long step, int limit) {
    return jdbc.sql(
            """
            SELECT step, sample_id, loss, weight FROM sample_loss WHERE run_id = :run AND step = :step
            ORDER BY loss * weight DESC, slot LIMIT :limit
            """)
        .param("run", runId)
        .param("step", step)
        .param("limit", limit)
        .query((rs, n) -> SampleLossView.of(rs.getLong("step"), rs.getLong("sample_id"), rs.getDouble("loss"),
            rs.getDouble("weight")))
        .list();
  }

  /** One sample's loss and weight at every step that drew it, in step order. */
  List<SampleLossView> history(UUID runId, long sampleId, int limit) {
    return jdbc.sql(
            """
            SELECT step, sample_id, loss, weight FROM sample_loss WHERE run_id = :run AND sample_id = :id
            ORDER BY step, slot LIMIT :limit
            """)
        .param("run", runId)
        .param("id", sampleId)
        .param("limit", limit)
        .query((rs, n) -> SampleLossView.of(rs.getLong("step"), rs.getLong("sample_id"), rs.getDouble("loss"),
            rs.getDouble("weight")))
        .list();
  }
}
