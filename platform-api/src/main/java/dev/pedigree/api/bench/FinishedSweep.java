package dev.pedigree.api.bench;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A random sweep written straight into the database as succeeded, with a succeeded run per trial: no workflow starts
 * and nothing trains; the caller reports each run's {@code val/loss}, the objective it minimizes. It varies {@code
 * model.layers} (always 2), {@code training.learningRate} (log-scaled) and {@code training.warmupSteps} (0, 10 or 20).
 * The sweep's id seeds its importance forest, so that a fixed id gets the same answer on every run.
 */
public final class FinishedSweep {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private FinishedSweep() {}

  /** The sweep of {@code trials} trials, in the default project; its trials as {@code GET /sweeps/{id}} lists them. */
  public static void insert(JdbcClient jdbc, UUID id, int trials) {
    Map<String, Object> parameters = new LinkedHashMap<>();
    parameters.put("model.layers", Map.of("values", List.of(2)));
    parameters.put("training.learningRate", Map.of("min", 1e-4, "max", 1e-2, "scale", "log"));
    parameters.put("training.warmupSteps", Map.of("values", List.of(0, 10, 20)));
    String body = JSON.writeValueAsString(Map.of("name", "seeded", "kind", "pretrain", "spec", Map.of(),
        "method", "random", "trials", trials, "seed", 5, "parameters", parameters,
        "objective", Map.of("metric", "val/loss", "goal", "minimize")));
    jdbc.sql(
            """
            INSERT INTO sweep (id, project_id, name, status, spec, started_at, finished_at)
            SELECT :id, id, 'seeded', 'SUCCEEDED', CAST(:spec AS jsonb), now(), now()
            FROM project WHERE name = 'default'
            """)
        .param("id", id)
        .param("spec", body)
        .update();
  }

  /** The succeeded run of one of the sweep's trials (an item of its {@code trials}); returns the run's id. */
  public static UUID insertRun(JdbcClient jdbc, UUID sweep, JsonNode trial) {
    UUID run = UUID.randomUUID();
    jdbc.sql(
            """
            INSERT INTO run (id, project_id, name, kind, status, spec, started_at, finished_at, sweep_id, sweep_trial,
                             sweep_params)
            SELECT :id, id, :name, 'pretrain', 'SUCCEEDED', '{}'::jsonb, now(), now(), :sweep, :trial,
                   CAST(:params AS jsonb)
            FROM project WHERE name = 'default'
            """)
        .param("id", run)
        .param("name", "seeded-" + trial.path("trial").asInt())
        .param("sweep", sweep)
        .param("trial", trial.path("trial").asInt())
        .param("params", trial.path("params").toString())
        .update();
    return run;
  }

  /** A trial's val/loss: it falls by 1 as the learning rate rises over its range and rises by 0.2 over the warmup's. */
  public static double valLoss(JsonNode params) {
    return 2 - 0.5 * Math.log10(params.path("training.learningRate").asDouble())
        + params.path("training.warmupSteps").asDouble() / 100;
  }

  /** The metric batch in which the run of the trial with these values reports their {@link #valLoss} at step 10. */
  public static String valLossBatch(JsonNode params) {
    return JSON.writeValueAsString(Map.of("attempt", 1,
        "series", List.of(Map.of("key", "val/loss", "points", List.of(List.of(10, valLoss(params)))))));
  }
}
