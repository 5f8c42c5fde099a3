package dev.pedigree.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pedigree.workers.WorkerMain;
import io.temporal.testserver.TestServer;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Production shape with real processes: Temporal outside the platform (here Temporal's test server in the test JVM),
 * the platform in one process and a compute worker in another, so each can be stopped on its own.
 */
class FaultToleranceTest {
  private static final int STEPS = 600;
  private static final int CHECKPOINT_EVERY = 50;

  private final TestPlatform platform = TestPlatform.create("faults");
  private final List<Process> processes = new ArrayList<>();
  private TestServer.PortBoundTestServer temporal;
  private int temporalPort;
  private int port;
  private Http http;

  @BeforeEach
  void startTemporal() throws IOException {
    temporalPort = freePort();
    temporal = TestServer.createPortBoundServer(temporalPort);
    port = freePort();
    http = new Http(port);
  }

  @AfterEach
  void stopAll() throws Exception {
    processes.forEach(Process::destroyForcibly);
    temporal.close();
  }

  @Test
  void sigtermMakesTheWorkerCheckpointAtItsStepBoundaryAndTheNextAttemptResumesThere() throws Exception {
    startPlatform("platform");
    Process first = startWorker("first");
    String id = submit();
    awaitProgress(id, CHECKPOINT_EVERY + 7);

    first.destroy();
    assertThat(first.waitFor(60, TimeUnit.SECONDS)).as("worker exits after its final checkpoint").isTrue();
    startWorker("second");
    JsonNode run = awaitEnd(id);

    assertThat(run.path("status").asString()).isEqualTo("SUCCEEDED");
    List<JsonNode> attempts = run.path("attempts").valueStream().toList();
    assertThat(attempts).hasSize(2);
    long resumedAt = attempts.get(1).path("fromStep").asLong();
    assertThat(resumedAt).as("the stop checkpoint, not the last periodic one").isGreaterThan(CHECKPOINT_EVERY);
    assertCleanCurve(id);
  }

  @Test
  @Disabled("Open (issue 9): the worker buffers through the outage and finishes training, but with Temporal's Java test"
      + " server as the external cluster the run's workflow never records the result after the platform restarts;"
      + " not yet diagnosed, and not checked against a real Temporal cluster")
  void restartingTheApiWhileAWorkerStreamsLosesAndDuplicatesNoPoint() throws Exception {
    Process api = startPlatform("platform-1");
    startWorker("worker");
    String id = submit();
    awaitProgress(id, 100);

    api.destroyForcibly().waitFor();
    Thread.sleep(3000);
    startPlatform("platform-2");
    JsonNode run = awaitEnd(id);

    assertThat(run.path("status").asString()).isEqualTo("SUCCEEDED");
    assertThat(run.path("attempts").size()).as("the worker kept its attempt through the outage").isEqualTo(1);
    assertCleanCurve(id);
    assertThat(run.path("summary").path("train/loss").path("count").asLong()).isEqualTo(STEPS);
  }

  private void assertCleanCurve(String id) {
    List<Long> steps = http.get("/api/v1/runs/" + id + "/metrics?key=train/loss&maxPoints=10000").json()
        .path("series").get(0).path("points").valueStream().map(point -> point.get(0).asLong()).toList();
    assertThat(steps).containsExactlyElementsOf(LongStream.rangeClosed(1, STEPS).boxed().toList());
  }

  private String submit() {
    return http.post("/api/v1/runs", Http.json(Map.of("name", "faults", "kind", "pretrain", "spec", Map.of(
        "model", Map.of("layers", 2, "dModel", 32, "heads", 2, "contextLength", 64),
        "data", Map.of("documents", 300),
        "training", Map.of("steps", STEPS, "batchSize", 16, "evalEvery", 100, "checkpointEvery", CHECKPOINT_EVERY)))),
        Http.ADMIN).json().path("id").asString();
  }

  private void awaitProgress(String id, long step) {
    await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(50))
        .until(() -> http.get("/api/v1/runs/" + id).json().path("progress").path("step").asLong() >= step);
  }

  private JsonNode awaitEnd(String id) {
    await().atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofMillis(500)).ignoreExceptions().until(() ->
        !List.of("QUEUED", "RUNNING").contains(http.get("/api/v1/runs/" + id).json().path("status").asString()));
    return http.get("/api/v1/runs/" + id).json();
  }

  private Process startPlatform(String name) throws IOException {
    List<String> command = new ArrayList<>(List.of(java(), "-cp", System.getProperty("java.class.path"),
        PedigreeMain.class.getName(), "up", "--server.port=" + port,
        "--pedigree.temporal.target=127.0.0.1:" + temporalPort, "--pedigree.worker.embedded=false"));
    command.addAll(platform.arguments(0));
    Process process = start(new ProcessBuilder(command), name);
    await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(250)).ignoreExceptions()
        .until(() -> http.get("/actuator/health/readiness").status() == 200);
    return process;
  }

  private Process startWorker(String name) throws IOException {
    ProcessBuilder builder = new ProcessBuilder(java(), "-cp", System.getProperty("java.class.path"),
        WorkerMain.class.getName());
    builder.environment().putAll(Map.of(
        "PEDIGREE_HOME", platform.home().toString(),
        "PEDIGREE_TEMPORAL_TARGET", "127.0.0.1:" + temporalPort,
        "PEDIGREE_API_URL", "http://127.0.0.1:" + port,
        "PEDIGREE_WORKER_TOKEN", Http.WORKER,
        "PEDIGREE_ARTIFACTS", platform.home().resolve("artifacts").toString(),
        "PEDIGREE_WORKER_SHUTDOWN_GRACE", "60"));
    return start(builder, name);
  }

  private Process start(ProcessBuilder builder, String name) throws IOException {
    builder.environment().put("OMP_NUM_THREADS", "1");
    Process process = builder.redirectErrorStream(true)
        .redirectOutput(platform.home().resolve(name + ".log").toFile()).start();
    processes.add(process);
    return process;
  }

  private static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
