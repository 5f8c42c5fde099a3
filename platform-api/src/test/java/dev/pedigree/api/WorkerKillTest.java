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
import java.util.Random;
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
 * The foundation's promise end to end, with real processes: compute workers are killed (SIGKILL) at random steps and
 * replaced; the run finishes from its checkpoints with the same final weights as an uninterrupted run, its attempts
 * recorded, and exactly one metric point per step. {@code -Dpedigree.killTrials=10} runs more kills.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "pedigree.worker.embedded=false")
class WorkerKillTest {
  private static final TestPlatform PLATFORM = TestPlatform.create("kill");
  private static final Path HOME = PLATFORM.home();
  private static final int STEPS = 600;
  private static final int CHECKPOINT_EVERY = 50;
  private static final int KILLS = Integer.getInteger("pedigree.killTrials", 3);

  @DynamicPropertySource
  static void platform(DynamicPropertyRegistry registry) {
    PLATFORM.register(registry);
  }

  @LocalServerPort int port;
  @Autowired TemporalConnection temporal;
  private Process worker;
  private int workersStarted;

  @AfterEach
  void stopWorker() {
    if (worker != null) {
      worker.destroyForcibly();
    }
  }

  @Test
  void killedWorkersAreReplacedAndTheRunEndsBitIdenticalToAnUninterruptedOne() throws Exception {
    Http http = new Http(port);
    worker = startWorker();
    JsonNode reference = awaitEnd(http, submit(http, "uninterrupted"));
    assertThat(reference.path("status").asString()).isEqualTo("SUCCEEDED");

    String id = submit(http, "killed");
    Random random = new Random(42);
    long killedAt = 0;
    for (int kill = 0; kill < KILLS; kill++) {
      long target = Math.min(STEPS - 20, killedAt + 20 + random.nextInt(STEPS / (KILLS + 1)));
      await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(20))
          .until(() -> progress(http, id) >= target);
      killedAt = progress(http, id);
      worker.destroyForcibly().waitFor();
      worker = startWorker();
    }
    JsonNode run = awaitEnd(http, id);

    assertThat(run.path("status").asString()).isEqualTo("SUCCEEDED");
    assertThat(model(run).path("sha256").asString()).isEqualTo(model(reference).path("sha256").asString());
    List<JsonNode> attempts = run.path("attempts").valueStream().toList();
    assertThat(attempts).hasSizeGreaterThan(KILLS / 2).allSatisfy(attempt ->
        assertThat(attempt.path("fromStep").asLong() % CHECKPOINT_EVERY).isZero());
    assertThat(attempts.get(0).path("fromStep").asLong()).isZero();
    assertThat(attempts.get(attempts.size() - 1).path("fromStep").asLong()).isPositive();
    assertThat(attempts).extracting(attempt -> attempt.path("fromStep").asLong()).isSorted();

    List<Long> steps = http.get("/api/v1/runs/" + id + "/metrics?key=train/loss&maxPoints=10000").json()
        .path("series").get(0).path("points").valueStream().map(point -> point.get(0).asLong()).toList();
    assertThat(steps).containsExactlyElementsOf(LongStream.rangeClosed(1, STEPS).boxed().toList());
    run.path("outputs").forEach(artifact -> assertThat(artifact.path("sha256").asString()).matches("[0-9a-f]{64}"));
  }

  private static String submit(Http http, String name) {
    return http.post("/api/v1/runs", Http.json(Map.of("name", name, "kind", "pretrain", "spec", Map.of(
        "model", Map.of("layers", 2, "dModel", 32, "heads", 2, "contextLength", 64),
        "data", Map.of("documents", 300),
        "training", Map.of("steps", STEPS, "batchSize", 16, "evalEvery", 100, "checkpointEvery", CHECKPOINT_EVERY)))),
        Http.ADMIN).json().path("id").asString();
  }

  private static long progress(Http http, String id) {
    return http.get("/api/v1/runs/" + id).json().path("progress").path("step").asLong();
  }

  private static JsonNode awaitEnd(Http http, String id) {
    await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(500)).until(() ->
        !List.of("QUEUED", "RUNNING").contains(http.get("/api/v1/runs/" + id).json().path("status").asString()));
    return http.get("/api/v1/runs/" + id).json();
  }

  private static JsonNode model(JsonNode run) {
    return run.path("outputs").valueStream().filter(a -> a.path("kind").asString().equals("model")).findFirst()
        .orElseThrow();
  }

  private Process startWorker() throws IOException {
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
    File log = HOME.resolve("worker-" + ++workersStarted + ".log").toFile();
    return builder.redirectErrorStream(true).redirectOutput(log).start();
  }
}
