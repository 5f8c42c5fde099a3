package dev.pedigree.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pedigree.workers.WorkerMain;
import dev.pedigree.workers.temporal.TemporalConnection;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The foundation's promise end to end: a compute worker process is killed (SIGKILL) mid-run, another one starts, and
 * the run finishes from the last checkpoint with its attempts recorded and one clean loss curve.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "pedigree.worker.embedded=false")
class WorkerKillTest {
  private static final TestPlatform PLATFORM = TestPlatform.create("kill");
  private static final Path HOME = PLATFORM.home();
  private static final int STEPS = 600;
  private static final int CHECKPOINT_EVERY = 50;

  @DynamicPropertySource
  static void platform(DynamicPropertyRegistry registry) {
    PLATFORM.register(registry);
  }

  @LocalServerPort int port;
  @Autowired TemporalConnection temporal;
  private Process worker;

  @AfterEach
  void stopWorker() {
    if (worker != null) {
      worker.destroyForcibly();
    }
  }

  @Test
  void killedWorkerIsReplacedAndTheRunResumesFromItsCheckpoint() throws Exception {
    Http http = new Http(port);
    String id = http.post("/api/v1/runs", Http.json(Map.of("name", "kill-me", "kind", "pretrain", "spec", Map.of(
        "model", Map.of("layers", 2, "dModel", 32, "heads", 2, "contextLength", 64),
        "data", Map.of("documents", 300),
        "training", Map.of("steps", STEPS, "batchSize", 16, "evalEvery", 100, "checkpointEvery", CHECKPOINT_EVERY)))),
        Http.ADMIN).json().path("id").asString();

    worker = startWorker("first");
    await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(50))
        .until(() -> http.get("/api/v1/runs/" + id).json().path("progress").path("step").asLong()
            > CHECKPOINT_EVERY + 5);
    worker.destroyForcibly().waitFor();

    worker = startWorker("second");
    await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500))
        .until(() -> !List.of("QUEUED", "RUNNING").contains(http.get("/api/v1/runs/" + id).json().path("status").asString()));

    JsonNode run = http.get("/api/v1/runs/" + id).json();
    assertThat(run.path("status").asString()).isEqualTo("SUCCEEDED");
    List<JsonNode> attempts = run.path("attempts").valueStream().toList();
    assertThat(attempts).hasSizeGreaterThanOrEqualTo(2);
    assertThat(attempts.get(0).path("fromStep").asLong()).isZero();
    long resumedAt = attempts.get(attempts.size() - 1).path("fromStep").asLong();
    assertThat(resumedAt).isPositive().isLessThan(STEPS);
    assertThat(resumedAt % CHECKPOINT_EVERY).isZero();
    assertThat(attempts.get(0).path("worker").asString()).isNotEqualTo(attempts.get(1).path("worker").asString());

    List<Long> steps = http.get("/api/v1/runs/" + id + "/metrics?key=train/loss&maxPoints=10000").json()
        .path("series").get(0).path("points").valueStream().map(point -> point.get(0).asLong()).toList();
    assertThat(steps).containsExactlyElementsOf(LongStream.rangeClosed(1, STEPS).boxed().toList());
    assertThat(run.path("outputs").valueStream().map(a -> a.path("kind").asString()).toList())
        .contains("checkpoint", "model");
    run.path("outputs").forEach(artifact -> assertThat(artifact.path("sha256").asString()).matches("[0-9a-f]{64}"));
  }

  private Process startWorker(String name) throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder builder = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
        WorkerMain.class.getName());
    builder.environment().putAll(Map.of(
        "PEDIGREE_HOME", HOME.toString(),
        "PEDIGREE_TEMPORAL_TARGET", temporal.target(),
        "PEDIGREE_API_URL", "http://127.0.0.1:" + port,
        "PEDIGREE_WORKER_TOKEN", Http.WORKER,
        "PEDIGREE_ARTIFACTS", HOME.resolve("artifacts").toString(),
        "OMP_NUM_THREADS", "1"));
    File log = HOME.resolve("worker-" + name + ".log").toFile();
    return builder.redirectErrorStream(true).redirectOutput(log).start();
  }
}
