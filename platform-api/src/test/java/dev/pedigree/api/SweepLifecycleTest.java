package dev.pedigree.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/** Sweeps through the embedded platform with real training: the example sweep to its best trial, and a cancel. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class SweepLifecycleTest extends EmbeddedPlatformTest {
  @LocalServerPort int port;

  @Test
  void theExampleSweepTrainsEveryTrialTwoAtATimeAndItsBestHasTheLowestValLoss() throws IOException {
    Http http = new Http(port);
    Http.Response submitted = http.post("/api/v1/sweeps", example(), Http.ADMIN);
    assertThat(submitted.status()).as(submitted.json().toString()).isEqualTo(202);
    String id = submitted.json().path("id").asString();

    JsonNode sweep = awaitEnd(http, id);

    assertThat(sweep.path("status").asString()).as(sweep.path("error").asString()).isEqualTo("SUCCEEDED");
    assertThat(sweep.path("counts").path("succeeded").asInt()).isEqualTo(4);
    List<JsonNode> runs = new ArrayList<>();
    String bestRun = null;
    double lowest = Double.POSITIVE_INFINITY;
    for (JsonNode trial : sweep.path("trials")) {
      JsonNode run = http.get("/api/v1/runs/" + trial.path("runId").asString()).json();
      runs.add(run);
      int number = trial.path("trial").asInt();
      assertThat(run.path("name").asString()).isEqualTo("lr-sweep-" + number);
      assertThat(run.path("project").asString()).isEqualTo("demo");
      assertThat(run.path("sweep").path("id").asString()).isEqualTo(id);
      assertThat(run.path("sweep").path("trial").asInt()).isEqualTo(number);
      assertThat(run.path("sweep").path("params")).isEqualTo(trial.path("params"));
      assertThat(run.path("spec").path("training").path("learningRate"))
          .isEqualTo(trial.path("params").path("training.learningRate"));
      double valLoss = run.path("summary").path("val/loss").path("last").asDouble();
      assertThat(trial.path("objective").asDouble()).isEqualTo(valLoss);
      if (valLoss < lowest) {
        lowest = valLoss;
        bestRun = run.path("id").asString();
      }
    }
    assertThat(runs).hasSize(4);
    assertThat(sweep.path("best").path("runId").asString()).isEqualTo(bestRun);
    assertThat(sweep.path("best").path("objective").asDouble()).isEqualTo(lowest);
    assertThat(mostAtOnce(runs)).isEqualTo(2);
    assertThat(sweep.path("importance").valueStream().map(row -> row.path("parameter").asString()))
        .as("a tenfold learning rate moves val/loss more than 10 warmup steps of 30")
        .containsExactly("training.learningRate", "training.warmupSteps");
    assertThat(sweep.path("importance").get(0).path("correlation").asDouble()).isNegative();
    assertThat(http.get("/api/v1/runs?sweep=" + id).json().path("total").asLong()).isEqualTo(4);
    assertThat(http.get("/api/v1/sweeps").json().valueStream().map(listed -> listed.path("id").asString()))
        .contains(id);
  }

  @Test
  void cancellingASweepCancelsItsRunningTrialsAndStartsNoOther() {
    Http http = new Http(port);
    String body = Http.json(Map.of("name", "forever", "kind", "pretrain",
        "spec", Map.of("model", Map.of("layers", 1, "dModel", 32, "heads", 2, "contextLength", 32),
            "data", Map.of("documents", 200), "training", Map.of("steps", 1_000_000, "batchSize", 4)),
        "method", "grid", "parameters", Map.of("training.seed", Map.of("values", List.of(1, 2, 3))),
        "objective", Map.of("metric", "train/loss", "goal", "minimize")));
    String id = http.post("/api/v1/sweeps", body, Http.ADMIN).json().path("id").asString();
    await().atMost(Duration.ofMinutes(1)).until(() -> http.get("/api/v1/sweeps/" + id).json()
        .path("counts").path("running").asInt() == 2);

    assertThat(http.post("/api/v1/sweeps/" + id + "/cancel", "", Http.ADMIN).status()).isEqualTo(202);
    JsonNode cancelled = awaitEnd(http, id);

    assertThat(cancelled.path("status").asString()).isEqualTo("CANCELLED");
    List<String> runIds = cancelled.path("trials").valueStream().map(trial -> trial.path("runId").asString())
        .filter(runId -> !runId.isEmpty()).toList();
    assertThat(runIds).hasSize(2);
    await().atMost(Duration.ofMinutes(1)).until(() -> runIds.stream().allMatch(runId ->
        http.get("/api/v1/runs/" + runId).json().path("status").asString().equals("CANCELLED")));
    assertThat(http.get("/api/v1/sweeps/" + id).json().path("trials").get(2).path("status").asString())
        .isEqualTo("PENDING");
  }

  /** One trial learns and succeeds; the next, at a learning rate of 1e-8, learns nothing and would run for ever. */
  @Test
  void theMedianRuleStopsATrialWorseThanTheSucceededOnesAtTheSameStep() {
    Http http = new Http(port);
    Map<String, Object> learns = Map.of("steps", 40, "batchSize", 4, "learningRate", 0.003, "evalEvery", 10,
        "checkpointEvery", 40);
    Map<String, Object> stalls = Map.of("steps", 1_000_000, "batchSize", 4, "learningRate", 1e-8, "evalEvery", 10,
        "checkpointEvery", 1000);
    String body = Http.json(Map.of("name", "median", "kind", "pretrain",
        "spec", Map.of("model", Map.of("layers", 1, "dModel", 32, "heads", 2, "contextLength", 32),
            "data", Map.of("documents", 200)),
        "method", "grid", "parameters", Map.of("training", Map.of("values", List.of(learns, stalls))),
        "parallelism", 1, "objective", Map.of("metric", "val/loss", "goal", "minimize"),
        "earlyStopping", Map.of("rule", "median", "minSteps", 10)));
    String id = http.post("/api/v1/sweeps", body, Http.ADMIN).json().path("id").asString();

    JsonNode sweep = awaitEnd(http, id);

    assertThat(sweep.path("status").asString()).isEqualTo("SUCCEEDED");
    JsonNode stopped = sweep.path("trials").get(1);
    assertThat(stopped.path("status").asString()).isEqualTo("CANCELLED");
    assertThat(stopped.path("stoppedEarly").asBoolean()).isTrue();
    assertThat(stopped.path("objective").asDouble()).isGreaterThan(sweep.path("best").path("objective").asDouble());
    assertThat(sweep.path("trials").get(0).path("stoppedEarly").asBoolean()).isFalse();
    assertThat(sweep.path("best").path("trial").asInt()).isEqualTo(1);
    assertThat(http.get("/api/v1/runs/" + stopped.path("runId").asString()).json().path("status").asString())
        .isEqualTo("CANCELLED");
  }

  /**
   * Six learning rates drawn from 1e-6 to 1e-2 (seed 448: 1.1e-3, 8.8e-3, then four below 1e-5), two at a time. The
   * first two reach every rung while fewer than three have; each later one is third or worse of three or more values at
   * step 10, outside the best third, and stops there, long before its 2,000 steps.
   */
  @Test
  void ashaStopsTrialsOutsideTheBestThirdAtTheirRungAndNotTheBest() {
    Http http = new Http(port);
    String body = Http.json(Map.of("name", "asha", "kind", "pretrain",
        "spec", Map.of("model", Map.of("layers", 1, "dModel", 32, "heads", 2, "contextLength", 32),
            "data", Map.of("documents", 200),
            "training", Map.of("steps", 2000, "batchSize", 4, "warmupSteps", 0, "evalEvery", 10,
                "checkpointEvery", 2000)),
        "method", "random", "trials", 6, "seed", 448,
        "parameters", Map.of("training.learningRate", Map.of("min", 1e-6, "max", 1e-2, "scale", "log")),
        "parallelism", 2, "objective", Map.of("metric", "val/loss", "goal", "minimize"),
        "earlyStopping", Map.of("rule", "asha", "minSteps", 10, "reductionFactor", 3)));
    Http.Response submitted = http.post("/api/v1/sweeps", body, Http.ADMIN);
    assertThat(submitted.status()).as(submitted.json().toString()).isEqualTo(202);

    JsonNode sweep = awaitEnd(http, submitted.json().path("id").asString());

    assertThat(sweep.path("status").asString()).isEqualTo("SUCCEEDED");
    List<JsonNode> trials = sweep.path("trials").valueStream().toList();
    for (JsonNode trial : trials.subList(2, 6)) {
      assertThat(trial.path("status").asString()).as(sweep.toString()).isEqualTo("CANCELLED");
      assertThat(trial.path("stoppedEarly").asBoolean()).isTrue();
      assertThat(trial.path("stoppedAt").toString()).isEqualTo("{\"rung\":0,\"step\":10}");
    }
    assertThat(trials.subList(0, 2)).as(sweep.toString())
        .allMatch(trial -> trial.path("status").asString().equals("SUCCEEDED") && !trial.has("stoppedAt"));
    assertThat(sweep.path("best").path("trial").asInt()).isEqualTo(2);
    assertThat(trials.get(1).path("stoppedEarly").asBoolean()).isFalse();
  }

  @Test
  void aBadSweepIsRefusedByPathAndAWorkerTokenCannotSubmitOne() throws IOException {
    Http http = new Http(port);
    String body = example().replace("\"training.warmupSteps\"", "\"optimizer.warmup\"");

    Http.Response refused = http.post("/api/v1/sweeps", body, Http.ADMIN);

    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.json().path("type").asString()).isEqualTo("https://pedigree.dev/problems/validation");
    assertThat(refused.json().path("errors").get(0).path("field").asString())
        .isEqualTo("$.parameters['optimizer.warmup']");
    assertThat(http.post("/api/v1/sweeps", example(), Http.WORKER).status()).isEqualTo(403);
    assertThat(http.get("/api/v1/sweeps/00000000-0000-0000-0000-000000000000").status()).isEqualTo(404);
    assertThat(http.get("/api/v1/runs?sweep=nope").json().path("errors").get(0).path("field").asString())
        .isEqualTo("sweep");
  }

  private String example() throws IOException {
    try (InputStream in = getClass().getResourceAsStream("/examples/sweeps/lr.json")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /** The most runs that were training at one moment, from their start and finish times. */
  private static int mostAtOnce(List<JsonNode> runs) {
    record Edge(Instant at, int change) {}
    List<Edge> edges = new ArrayList<>();
    for (JsonNode run : runs) {
      edges.add(new Edge(Instant.parse(run.path("startedAt").asString()), 1));
      edges.add(new Edge(Instant.parse(run.path("finishedAt").asString()), -1));
    }
    edges.sort(Comparator.comparing(Edge::at).thenComparing(Edge::change));
    int now = 0;
    int most = 0;
    for (Edge edge : edges) {
      now += edge.change();
      most = Math.max(most, now);
    }
    return most;
  }

  static JsonNode awaitEnd(Http http, String id) {
    await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(300)).until(() ->
        !List.of("QUEUED", "RUNNING").contains(http.get("/api/v1/sweeps/" + id).json().path("status").asString()));
    return http.get("/api/v1/sweeps/" + id).json();
  }
}
