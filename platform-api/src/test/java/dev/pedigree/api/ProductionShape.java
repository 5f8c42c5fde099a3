package dev.pedigree.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pedigree.workers.WorkerMain;
import io.temporal.testserver.TestServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import tools.jackson.databind.JsonNode;

/**
 * Production shape with real processes: Temporal outside the platform (here Temporal's test server in the test JVM),
 * the platform in one process and a compute worker in another, so each can be stopped on its own.
 */
final class ProductionShape implements AutoCloseable {
  static final int STEPS = 600;
  static final int CHECKPOINT_EVERY = 50;

  private final TestPlatform platform;
  private final List<Process> processes = new ArrayList<>();
  private final int temporalPort = freePort();
  private final TestServer.PortBoundTestServer temporal = TestServer.createPortBoundServer(temporalPort);
  private final int port = freePort();
  private final Http http = new Http(port);

  ProductionShape(TestPlatform platform) {
    this.platform = platform;
  }

  Http http() {
    return http;
  }

  Process startPlatform(String name) throws IOException {
    List<String> command = new ArrayList<>(List.of(java(), "-cp", System.getProperty("java.class.path"),
        PedigreeMain.class.getName(), "up", "--server.port=" + port,
        "--pedigree.temporal.target=127.0.0.1:" + temporalPort, "--pedigree.worker.embedded=false"));
    command.addAll(platform.arguments(0));
    Process process = start(new ProcessBuilder(command), name);
    await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(250)).ignoreExceptions()
        .until(() -> http.get("/actuator/health/readiness").status() == 200);
    return process;
  }

  Process startWorker(String name) throws IOException {
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

  /** A pretraining run of {@link #STEPS} steps, checkpointing every {@link #CHECKPOINT_EVERY}. */
  String submit() {
    return http.post("/api/v1/runs", Http.json(Map.of("name", "faults", "kind", "pretrain", "spec", Map.of(
        "model", Map.of("layers", 2, "dModel", 32, "heads", 2, "contextLength", 64),
        "data", Map.of("documents", 300),
        "training", Map.of("steps", STEPS, "batchSize", 16, "evalEvery", 100, "checkpointEvery", CHECKPOINT_EVERY)))),
        Http.ADMIN).json().path("id").asString();
  }

  void awaitProgress(String id, long step) {
    await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(50))
        .until(() -> http.get("/api/v1/runs/" + id).json().path("progress").path("step").asLong() >= step);
  }

  JsonNode awaitEnd(String id) {
    await().atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofMillis(500)).ignoreExceptions().until(() ->
        !List.of("QUEUED", "RUNNING").contains(http.get("/api/v1/runs/" + id).json().path("status").asString()));
    return http.get("/api/v1/runs/" + id).json();
  }

  /** Exactly one visible train/loss point for every step: no duplicates, gaps or offsets. */
  void assertCleanCurve(String id) {
    List<Long> steps = http.get("/api/v1/runs/" + id + "/metrics?key=train/loss&maxPoints=10000").json()
        .path("series").get(0).path("points").valueStream().map(point -> point.get(0).asLong()).toList();
    assertThat(steps).containsExactlyElementsOf(LongStream.rangeClosed(1, STEPS).boxed().toList());
  }

  @Override
  public void close() {
    processes.forEach(Process::destroyForcibly);
    temporal.close();
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

  static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
