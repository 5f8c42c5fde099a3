package dev.pedigree.api.usage;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Runs and attempts with known timestamps, inserted directly. Four runs on 2026-11-01 to 03:
 * <ul>
 *   <li>{@link #resumed}: pretrain in vision on cuda; attempt 1 held its device 1000 s and reached step 80, attempt 2
 *       resumed from step 50 and held it 2600 s: 3600 s, of which 1000 × 30/80 = 375 s lost;
 *   <li>{@link #restarted}: rl in vision on the CPU; attempt 1 (720 s, no checkpoint) was redone from step 0 by
 *       attempt 2 (1080 s): 1800 s, 720 s lost;
 *   <li>{@link #single}: pretrain in nlp on cuda, one attempt of 1800 s, in a pipeline;
 *   <li>{@link #legacy}: distill in nlp on cuda, an attempt recorded before V010 (no last report): 360 s until the
 *       platform closed it, in the same pipeline.
 * </ul>
 * A queued run and a tracked run have no attempt.
 */
final class UsageFixture {
  static final Instant DAY_1 = Instant.parse("2026-11-01T10:00:00Z");
  static final Instant DAY_2 = DAY_1.plus(Duration.ofDays(1));
  static final Instant DAY_3 = DAY_1.plus(Duration.ofDays(2));
  static final String CPU = "cpu (2 aten, 1 blas threads)";

  final UUID pipeline = UUID.randomUUID();
  final UUID resumed;
  final UUID restarted;
  final UUID single;
  final UUID legacy;
  final UUID queued;
  final UUID tracked;
  private final JdbcClient jdbc;

  UsageFixture(JdbcClient jdbc) {
    this.jdbc = jdbc;
    jdbc.sql("INSERT INTO project (name) VALUES ('vision'), ('nlp') ON CONFLICT DO NOTHING").update();
    jdbc.sql(
            """
            INSERT INTO pipeline (id, project_id, name, status, spec)
            SELECT :id, id, 'p', 'RUNNING', '{}'::jsonb FROM project WHERE name = 'nlp'
            """)
        .param("id", pipeline)
        .update();
    resumed = run("vision", "pretrain", null);
    attempt(resumed, 1, 0, "cuda", DAY_1, 1000, 80, DAY_1.plusSeconds(1030));
    attempt(resumed, 2, 50, "cuda", DAY_1.plusSeconds(1100), 2600, 200, null);
    restarted = run("vision", "rl", null);
    attempt(restarted, 1, 0, CPU, DAY_2, 720, 10, DAY_2.plusSeconds(800));
    attempt(restarted, 2, 0, CPU, DAY_2.plusSeconds(900), 1080, 30, DAY_2.plusSeconds(2000));
    single = run("nlp", "pretrain", pipeline);
    attempt(single, 1, 0, "cuda", DAY_3, 1800, 100, DAY_3.plusSeconds(1801));
    legacy = run("nlp", "distill", pipeline);
    jdbc.sql(
            """
            INSERT INTO run_attempt (run_id, attempt, from_step, worker, device, started_at, ended_at)
            VALUES (:run, 1, 0, 'w', 'cuda', :started, :ended)
            """)
        .param("run", legacy)
        .param("started", java.sql.Timestamp.from(DAY_1))
        .param("ended", java.sql.Timestamp.from(DAY_1.plusSeconds(360)))
        .update();
    queued = run("nlp", "pretrain", null);
    tracked = run("nlp", "tracked", null);
  }

  private UUID run(String project, String kind, UUID pipelineId) {
    UUID id = UUID.randomUUID();
    jdbc.sql(
            """
            INSERT INTO run (id, project_id, name, kind, status, spec, pipeline_id, pipeline_stage)
            SELECT :id, id, 'usage-test', :kind, 'RUNNING', '{}'::jsonb, :pipeline, :stage FROM project WHERE name = :project
            """)
        .param("id", id)
        .param("kind", kind)
        .param("project", project)
        .param("pipeline", pipelineId)
        .param("stage", pipelineId == null ? null : kind)
        .update();
    return id;
  }

  private void attempt(UUID run, int attempt, long fromStep, String device, Instant started, long heldSeconds,
      long lastStep, Instant ended) {
    jdbc.sql(
            """
            INSERT INTO run_attempt (run_id, attempt, from_step, worker, device, started_at, last_seen_at, last_step,
                                     ended_at)
            VALUES (:run, :attempt, :from, 'w', :device, :started, :seen, :lastStep, :ended)
            """)
        .param("run", run)
        .param("attempt", attempt)
        .param("from", fromStep)
        .param("device", device)
        .param("started", java.sql.Timestamp.from(started))
        .param("seen", java.sql.Timestamp.from(started.plusSeconds(heldSeconds)))
        .param("lastStep", lastStep)
        .param("ended", ended == null ? null : java.sql.Timestamp.from(ended))
        .update();
  }
}
