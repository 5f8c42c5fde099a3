package dev.pedigree.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The embedded platform keeps Temporal's state in memory. When its process dies (SIGKILL) in the middle of a pipeline,
 * the next start finds the pipeline and its stage's run still RUNNING in Postgres and restarts the pipeline's
 * workflow, which continues that run (resuming from its last checkpoint) and then runs the stages after it.
 */
class PlatformRestartTest {
  private static final int STEPS = 600;
  private static final int CHECKPOINT_EVERY = 50;

  private final TestPlatform platform = TestPlatform.create("restart");
  private final List<Process> processes = new ArrayList<>();

  @AfterEach
  void stop() {
    processes.forEach(Process::destroyForcibly);
  }

  @Test
  void aPipelineLeftRunningByAKilledPlatformContinuesItsStageRunWhenItStartsAgain() throws Exception {
    int port = freePort();
    int temporalPort = freePort();
    Http http = new Http(port);
    Process first = start(port, temporalPort, "first");
    Map<String, Object> longStage = Map.of("name", "long", "kind", "pretrain", "spec", Map.of(
        "model", Map.of("layers", 2, "dModel", 32, "heads", 2, "contextLength", 64),
        "data", Map.of("documents", 300),
        "training", Map.of("steps", STEPS, "batchSize", 16, "evalEvery", 100, "checkpointEvery", CHECKPOINT_EVERY)));
    Map<String, Object> shortStage = Map.of("name", "after", "kind", "pretrain", "after", List.of("long"), "spec",
        Map.of("model", Map.of("layers", 1, "dModel", 32, "heads", 2, "contextLength", 32),
            "training", Map.of("steps", 10, "batchSize", 4)));
    String pipeline = http.post("/api/v1/pipelines", Http.json(Map.of("name", "survives-restart",
        "stages", List.of(longStage, shortStage))), Http.ADMIN).json().path("id").asString();
    await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(100)).until(() -> {
      String runId = http.get("/api/v1/pipelines/" + pipeline).json().path("stages").get(0).path("runId").asString();
      return !runId.isEmpty()
          && http.get("/api/v1/runs/" + runId).json().path("progress").path("step").asLong() > 2 * CHECKPOINT_EVERY;
    });

    first.destroyForcibly().waitFor();
    start(port, temporalPort, "second");
    await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500)).until(() ->
        !List.of("QUEUED", "RUNNING").contains(
            http.get("/api/v1/pipelines/" + pipeline).json().path("status").asString()));

    JsonNode ended = http.get("/api/v1/pipelines/" + pipeline).json();
    assertThat(ended.path("status").asString()).isEqualTo("SUCCEEDED");
    assertThat(ended.path("stages").get(0).path("runs").size()).as("the stage's run continued, not replaced")
        .isEqualTo(1);
    assertThat(ended.path("stages").get(1).path("status").asString()).isEqualTo("SUCCEEDED");
    String id = ended.path("stages").get(0).path("runId").asString();
    JsonNode run = http.get("/api/v1/runs/" + id).json();
    assertThat(run.path("status").asString()).isEqualTo("SUCCEEDED");
    List<JsonNode> attempts = run.path("attempts").valueStream().toList();
    assertThat(attempts).extracting(a -> a.path("attempt").asInt()).containsExactly(1, 2);
    assertThat(attempts.get(0).path("fromStep").asLong()).isZero();
    assertThat(attempts.get(1).path("fromStep").asLong()).as("the newest checkpoint that a newer one follows")
        .isGreaterThanOrEqualTo(CHECKPOINT_EVERY).matches(step -> step % CHECKPOINT_EVERY == 0);
    List<Long> steps = http.get("/api/v1/runs/" + id + "/metrics?key=train/loss&maxPoints=10000").json()
        .path("series").get(0).path("points").valueStream().map(point -> point.get(0).asLong()).toList();
    assertThat(steps).containsExactlyElementsOf(LongStream.rangeClosed(1, STEPS).boxed().toList());
  }

  /** A sweep's workflow is restarted the same way: its running trial continues, and the trial after it runs once. */
  @Test
  void aSweepLeftRunningByAKilledPlatformContinuesItsTrialAndRunsTheRest() throws Exception {
    int port = freePort();
    int temporalPort = freePort();
    Http http = new Http(port);
    Process first = start(port, temporalPort, "sweep-first");
    String sweep = http.post("/api/v1/sweeps", Http.json(Map.of("name", "survives-restart", "kind", "pretrain",
        "spec", Map.of("model", Map.of("layers", 2, "dModel", 32, "heads", 2, "contextLength", 64),
            "data", Map.of("documents", 300),
            "training", Map.of("steps", 300, "batchSize", 16, "evalEvery", 100, "checkpointEvery", CHECKPOINT_EVERY)),
        "method", "grid", "parameters", Map.of("training.seed", Map.of("values", List.of(1, 2))), "parallelism", 1,
        "objective", Map.of("metric", "val/loss", "goal", "minimize"))), Http.ADMIN).json().path("id").asString();
    await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(100)).until(() -> {
      String runId = http.get("/api/v1/sweeps/" + sweep).json().path("trials").get(0).path("runId").asString();
      return !runId.isEmpty()
          && http.get("/api/v1/runs/" + runId).json().path("progress").path("step").asLong() > 2 * CHECKPOINT_EVERY;
    });

    first.destroyForcibly().waitFor();
    start(port, temporalPort, "sweep-second");
    await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500)).until(() ->
        !List.of("QUEUED", "RUNNING").contains(http.get("/api/v1/sweeps/" + sweep).json().path("status").asString()));

    JsonNode ended = http.get("/api/v1/sweeps/" + sweep).json();
    assertThat(ended.path("status").asString()).isEqualTo("SUCCEEDED");
    assertThat(ended.path("counts").path("succeeded").asInt()).isEqualTo(2);
    assertThat(http.get("/api/v1/runs?sweep=" + sweep).json().path("total").asLong())
        .as("the first trial's run continued, not replaced").isEqualTo(2);
    JsonNode continued = http.get("/api/v1/runs/" + ended.path("trials").get(0).path("runId").asString()).json();
    assertThat(continued.path("attempts").valueStream().map(a -> a.path("attempt").asInt())).containsExactly(1, 2);
  }

  private Process start(int port, int temporalPort, String name) throws IOException {
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), PedigreeMain.class.getName(), "up", "--server.port=" + port));
    command.addAll(platform.arguments(temporalPort));
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().put("OMP_NUM_THREADS", "1");
    Process process = builder.redirectErrorStream(true)
        .redirectOutput(platform.home().resolve("platform-" + name + ".log").toFile()).start();
    processes.add(process);
    Http http = new Http(port);
    await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(250)).ignoreExceptions()
        .until(() -> http.get("/actuator/health/readiness").status() == 200);
    return process;
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
