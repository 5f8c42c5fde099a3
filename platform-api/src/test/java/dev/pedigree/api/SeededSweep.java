package dev.pedigree.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.ToDoubleFunction;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * A random sweep inserted as succeeded, with a succeeded run per trial whose val/loss its worker reported as {@code
 * valLoss} of the trial's values: no workflow starts and nothing trains. It varies {@code model.layers} (always 2),
 * {@code training.learningRate} (log-scaled) and {@code training.warmupSteps} (0, 10 or 20). The caller picks the
 * sweep's id, which seeds its importance forest, so that the answer is the same on every run.
 */
final class SeededSweep {
  private SeededSweep() {}

  static void insert(Http http, JdbcClient jdbc, UUID sweep, int trials, ToDoubleFunction<JsonNode> valLoss) {
    Map<String, Object> parameters = new LinkedHashMap<>();
    parameters.put("model.layers", Map.of("values", List.of(2)));
    parameters.put("training.learningRate", Map.of("min", 1e-4, "max", 1e-2, "scale", "log"));
    parameters.put("training.warmupSteps", Map.of("values", List.of(0, 10, 20)));
    String body = Http.json(Map.of("name", "seeded", "kind", "pretrain", "spec", Map.of(), "method", "random",
        "trials", trials, "seed", 5, "parameters", parameters,
        "objective", Map.of("metric", "val/loss", "goal", "minimize")));
    jdbc.sql(
            """
            INSERT INTO sweep (id, project_id, name, status, spec, started_at, finished_at)
            SELECT :id, id, 'seeded', 'SUCCEEDED', CAST(:spec AS jsonb), now(), now()
            FROM project WHERE name = 'default'
            """)
        .param("id", sweep)
        .param("spec", body)
        .update();
    for (JsonNode trial : http.get("/api/v1/sweeps/" + sweep).json().path("trials")) {
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
      Http.Response reported = http.post("/api/v1/runs/" + run + "/metrics", Http.json(Map.of("attempt", 1,
          "series", List.of(Map.of("key", "val/loss",
              "points", List.of(List.of(10, valLoss.applyAsDouble(trial.path("params")))))))), Http.WORKER);
      assertThat(reported.status()).as(String.valueOf(reported.json())).isEqualTo(200);
    }
  }
}
