package dev.pedigree.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pedigree.workers.engine.scaling.ScalingLaw;
import dev.pedigree.workflows.spec.ModelSpec;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Finished pretrain runs of tiny GPTs (2 layers, 4 heads, context 64, batch 16), made as a worker leaves them. */
record ScalingHistory(Http http, JdbcClient jdbc) {
  /** The law whose values {@link #grid} gives its runs as their final val/loss. */
  static final ScalingLaw TRUE = new ScalingLaw(0.9, 30, 0.4, 20, 0.35);

  void project(String name) {
    jdbc.sql("INSERT INTO project (name) VALUES (:name)").param("name", name).update();
  }

  /** A new project of twelve succeeded runs, widths 32 to 96 by 100 to 400 steps, each ending at {@link #TRUE}. */
  void grid(String project) {
    project(project);
    for (int width : new int[] {32, 48, 64, 96}) {
      for (int steps : new int[] {100, 200, 400}) {
        run(project, "SUCCEEDED", width, steps, TRUE.predict(parameters(width), tokens(steps)));
      }
    }
  }

  static long parameters(int width) {
    return new ModelSpec(2, width, 4, 64).nonEmbeddingParameters();
  }

  static long tokens(int steps) {
    return steps * 16L * 64;
  }

  /**
   * A run named d{width}-s{steps}, as a worker makes it: its attempt reported, then its val/loss curve (ending at
   * {@code loss}) posted; then the ledger's final status.
   */
  void run(String project, String status, int width, int steps, double loss) {
    UUID id = UUID.randomUUID();
    String spec = Http.json(Map.of("model", Map.of("layers", 2, "dModel", width, "heads", 4, "contextLength", 64),
        "training", Map.of("steps", steps, "batchSize", 16)));
    jdbc.sql(
            """
            INSERT INTO run (id, project_id, name, kind, status, spec, started_at)
            SELECT :id, id, :name, 'pretrain', 'RUNNING', CAST(:spec AS jsonb), now() FROM project WHERE name = :project
            """)
        .param("id", id).param("name", "d" + width + "-s" + steps).param("spec", spec).param("project", project)
        .update();
    String runPath = "/api/v1/runs/" + id;
    Http.Response attempt = http.post(runPath + "/attempts", Http.json(Map.of("attempt", 1, "fromStep", 0,
        "worker", "w", "device", "cpu", "heldSeconds", 1)), Http.WORKER);
    Http.Response metrics = http.post(runPath + "/metrics", Http.json(Map.of("attempt", 1, "series",
        List.of(Map.of("key", "val/loss", "points", List.of(List.of(steps / 2, loss + 0.5), List.of(steps, loss)))))),
        Http.WORKER);
    assertThat(attempt.status()).as(String.valueOf(attempt.json())).isEqualTo(200);
    assertThat(metrics.status()).as(String.valueOf(metrics.json())).isEqualTo(200);
    jdbc.sql("UPDATE run SET status = :status, finished_at = now() WHERE id = :id AND :status <> 'RUNNING'")
        .param("status", status).param("id", id).update();
  }
}
