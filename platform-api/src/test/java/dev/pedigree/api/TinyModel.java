package dev.pedigree.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/** A real model to read back: a 2-step pretrain run of a one-layer model through the platform under test. */
public final class TinyModel {
  private TinyModel() {}

  /** Trains it and returns the finished run, whose {@code outputs} hold the model, its checkpoint and dataset. */
  public static JsonNode train(Http http, String name) {
    Http.Response submitted = http.post("/api/v1/runs", Http.json(Map.of("name", name, "kind", "pretrain", "spec",
        Map.of("model", Map.of("layers", 1, "dModel", 32, "heads", 2, "contextLength", 32),
            "data", Map.of("documents", 100),
            "training", Map.of("steps", 2, "batchSize", 4, "evalEvery", 2, "checkpointEvery", 2)))), Http.ADMIN);
    assertThat(submitted.status()).as(submitted.json().toString()).isEqualTo(202);
    String id = submitted.json().path("id").asString();
    await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(300)).until(() ->
        !List.of("QUEUED", "RUNNING").contains(http.get("/api/v1/runs/" + id).json().path("status").asString()));
    JsonNode run = http.get("/api/v1/runs/" + id).json();
    assertThat(run.path("status").asString()).as(run.path("error").asString()).isEqualTo("SUCCEEDED");
    return run;
  }

  /** The run's output of that kind. */
  public static JsonNode output(JsonNode run, String kind) {
    return run.path("outputs").valueStream().filter(artifact -> artifact.path("kind").asString().equals(kind))
        .findFirst().orElseThrow();
  }
}
