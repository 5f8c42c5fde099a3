package dev.pedigree.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pedigree.workers.WorkerMain;
import dev.pedigree.workers.temporal.TemporalConnection;
import dev.pedigree.workflows.common.MetricKeys;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The foundation's promise end to end, with real processes: compute workers are killed (SIGKILL) mid-run and replaced;
 * the run finishes from its checkpoints with the same final weights as an uninterrupted run, its attempts recorded,
 * exactly the uninterrupted run's metric points and lineage edges. Pretraining is killed at random steps
 * ({@code -Dpedigree.killTrials=10} runs more kills); every other kind once, on small models shared by all cases.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "pedigree.worker.embedded=false")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WorkerKillTest {
  private static final TestPlatform PLATFORM = TestPlatform.create("kill");
  private static final Path HOME = PLATFORM.home();
  private static final int STEPS = 600;
  private static final int CHECKPOINT_EVERY = 50;
  private static final int KILLS = Integer.getInteger("pedigree.killTrials", 3);
  /** Steps and checkpoint interval of the runs of the other kinds: the kill comes after the first checkpoint. */
  private static final int SHORT_STEPS = 30;
  /**
   * Preference and distillation steps are so quick that 30 of them could end before the kill at step 12 landed (seen
   * for both on a loaded machine).
   */
  private static final int QUICK_KIND_STEPS = 150;
  private static final int SHORT_CHECKPOINT_EVERY = 10;

  @DynamicPropertySource
  static void platform(DynamicPropertyRegistry registry) {
    PLATFORM.register(registry);
  }

  @LocalServerPort int port;
  @Autowired TemporalConnection temporal;
  private Http http;
  private Process worker;
  private int workersStarted;
  private String base;
  private List<String> siblings;
  /** The uninterrupted run of each kind's spec, shared by the cases that kill a run of that spec. */
  private final Map<String, JsonNode> uninterrupted = new HashMap<>();

  @BeforeAll
  void startAWorkerAndTrainTheBaseModels() throws IOException {
    http = new Http(port);
    worker = startWorker();
    base = trainedModel("base", 1);
    siblings = List.of(trainedModel("sibling-2", 2), trainedModel("sibling-3", 3));
  }

  @AfterAll
  void stopWorker() {
    if (worker != null) {
      worker.destroyForcibly();
    }
  }

  @Test
  void killedWorkersAreReplacedAndTheRunEndsBitIdenticalToAnUninterruptedOne() throws Exception {
    Map<String, Object> spec = Map.of(
        "model", Map.of("layers", 2, "dModel", 32, "heads", 2, "contextLength", 64),
        "data", Map.of("documents", 300),
        "training", Map.of("steps", STEPS, "batchSize", 16, "evalEvery", 100, "checkpointEvery", CHECKPOINT_EVERY));
    JsonNode reference = awaitSuccess(submit("uninterrupted", "pretrain", spec));

    String id = submit("killed", "pretrain", spec);
    Random random = new Random(42);
    long killedAt = 0;
    for (int kill = 0; kill < KILLS; kill++) {
      long target = Math.min(STEPS - 20, killedAt + 20 + random.nextInt(STEPS / (KILLS + 1)));
      killedAt = killWorkerAt(id, target);
    }
    JsonNode run = awaitSuccess(id);

    assertEndsAsTheUninterruptedRun(run, reference);
    List<JsonNode> attempts = run.path("attempts").valueStream().toList();
    assertThat(attempts).hasSizeGreaterThan(KILLS / 2).allSatisfy(attempt ->
        assertThat(attempt.path("fromStep").asLong() % CHECKPOINT_EVERY).isZero());
    assertThat(attempts.get(0).path("fromStep").asLong()).isZero();
    assertThat(attempts.get(attempts.size() - 1).path("fromStep").asLong()).isPositive();
    assertThat(attempts).extracting(attempt -> attempt.path("fromStep").asLong()).isSorted();

    List<Long> steps = http.get("/api/v1/runs/" + id + "/metrics?key=train/loss&maxPoints=10000").json()
        .path("series").get(0).path("points").valueStream().map(point -> point.get(0).asLong()).toList();
    assertThat(steps).containsExactlyElementsOf(LongStream.rangeClosed(1, STEPS).boxed().toList());
    List<Double> deviceSeconds = http.get("/api/v1/runs/" + id + "/metrics?key=" + MetricKeys.DEVICE_SECONDS
        + "&maxPoints=10000").json().path("series").get(0).path("points").valueStream()
        .map(point -> point.get(1).asDouble()).toList();
    assertThat(deviceSeconds).as("monotonic across the resumes").hasSize(STEPS).isSorted();
    assertThat(deviceSeconds.get(STEPS - 1)).as("the killed attempts' time included")
        .isGreaterThan(run.path("usage").path("deviceSeconds").asDouble() - attempts.get(attempts.size() - 1)
            .path("deviceSeconds").asDouble());
    run.path("outputs").forEach(artifact -> assertThat(artifact.path("sha256").asString()).matches("[0-9a-f]{64}"));
  }

  /** Each case is a kind, run on its own or as the only stage of a pipeline. */
  @ParameterizedTest
  @ValueSource(strings = {"rl", "preference", "distill", "merge", "rl in a pipeline"})
  void aKilledRunOfEveryOtherKindResumesAndEndsAsAnUninterruptedOne(String kase) throws Exception {
    String kind = kase.split(" ")[0];
    Map<String, Object> spec = spec(kind);
    JsonNode reference = uninterrupted.computeIfAbsent(kind, k -> awaitSuccess(submit("uninterrupted " + k, k, spec)));

    String pipeline = kase.endsWith("pipeline") ? submitPipeline(kind, spec) : null;
    String id = pipeline == null ? submit("killed " + kind, kind, spec) : stageRun(pipeline);
    killWorkerAt(id, SHORT_CHECKPOINT_EVERY + 2);
    JsonNode run = awaitSuccess(id);

    List<Long> fromSteps = run.path("attempts").valueStream().map(attempt -> attempt.path("fromStep").asLong())
        .toList();
    assertThat(fromSteps).hasSize(2).startsWith(0L);
    assertThat(fromSteps.get(1)).as("resumed from a checkpoint").isPositive()
        .satisfies(step -> assertThat(step % SHORT_CHECKPOINT_EVERY).isZero());
    assertEndsAsTheUninterruptedRun(run, reference);
    if (pipeline != null) {
      await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(200)).until(() ->
          http.get("/api/v1/pipelines/" + pipeline).json().path("status").asString().equals("SUCCEEDED"));
      JsonNode stage = http.get("/api/v1/pipelines/" + pipeline).json().path("stages").get(0);
      assertThat(stage.path("runs").size()).as("the stage's one run resumed, not a second run").isEqualTo(1);
      assertThat(stage.path("model").asString()).isEqualTo(model(run).path("id").asString());
    }
  }

  /**
   * The resumed run made what the uninterrupted one made: its model's bytes, every metric point and no other, the same
   * lineage edges into the model, once each, and one model.
   */
  private void assertEndsAsTheUninterruptedRun(JsonNode run, JsonNode reference) {
    String id = run.path("id").asString();
    String referenceId = reference.path("id").asString();
    assertThat(model(run).path("sha256").asString()).isEqualTo(model(reference).path("sha256").asString());
    assertThat(curves(id)).as("every point of the uninterrupted run, no more").isEqualTo(curves(referenceId));
    assertThat(summaries(id)).isEqualTo(summaries(referenceId));
    assertThat(lineage(run)).as("the model's inputs, once each").isEqualTo(lineage(reference));
    assertThat(run.path("outputs").valueStream().filter(a -> a.path("kind").asString().equals("model"))).hasSize(1);
  }

  private String submitPipeline(String kind, Map<String, Object> spec) {
    Http.Response response = http.post("/api/v1/pipelines", Http.json(Map.of("name", "killed " + kind,
        "stages", List.of(Map.of("name", kind, "kind", kind, "spec", spec)))), Http.ADMIN);
    assertThat(response.status()).as(response.json().toString()).isEqualTo(202);
    return response.json().path("id").asString();
  }

  private String stageRun(String pipeline) {
    await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(20)).until(() ->
        !http.get("/api/v1/pipelines/" + pipeline).json().path("stages").get(0).path("runId").asString().isEmpty());
    return http.get("/api/v1/pipelines/" + pipeline).json().path("stages").get(0).path("runId").asString();
  }

  private Map<String, Object> spec(String kind) {
    Map<String, Object> prompts = Map.of("evalPrompts", 4);
    return switch (kind) {
      case "rl" -> Map.of("base", base, "method", "grpo", "reward", "arith-exact", "prompts", prompts,
          "groupSize", 2, "promptsPerStep", 2, "maxNewTokens", 6, "steps", SHORT_STEPS, "evalEvery", 10,
          "checkpointEvery", SHORT_CHECKPOINT_EVERY);
      case "preference" -> Map.of("base", base, "method", "dpo", "pairs", Map.of("file", pairs().toString(),
          "reward", "arith-exact", "maxNewTokens", 6, "prompts", prompts), "steps", QUICK_KIND_STEPS,
          "batchSize", 2, "evalEvery", 10, "checkpointEvery", SHORT_CHECKPOINT_EVERY);
      case "distill" -> Map.of("method", "kd", "teachers", siblings, "student", base,
          "data", Map.of("generator", "g-arith", "documents", 200),
          "training", Map.of("steps", QUICK_KIND_STEPS, "batchSize", 4, "evalEvery", 10,
              "checkpointEvery", SHORT_CHECKPOINT_EVERY));
      case "merge" -> Map.of("method", "self-positioning", "base", base, "parents", siblings,
          "selfPositioning", Map.of("tasks", List.of("g-arith"), "probeSize", 64, "steps", 100,
              "checkpointEvery", SHORT_CHECKPOINT_EVERY));
      default -> throw new IllegalArgumentException(kind);
    };
  }

  /** Preference pairs for arithmetic prompts: a base model this small samples no right answer to pair with. */
  private static Path pairs() {
    String line = "{\"prompt\": \"Q: %d+3 =\", \"chosen\": \" <a>%d</a>\\n\", \"rejected\": \" <a>%d</a>\\n\"}";
    try {
      return Files.write(HOME.resolve("pairs.jsonl"),
          IntStream.range(0, 8).mapToObj(i -> line.formatted(i, i + 3, i + 4)).toList());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The model artifact of a small pretraining run on G-arith; runs with different seeds share the tokenizer. */
  private String trainedModel(String name, int seed) {
    return model(awaitSuccess(submit(name, "pretrain", Map.of(
        "model", Map.of("layers", 1, "dModel", 32, "heads", 2, "contextLength", 32),
        "data", Map.of("generator", "g-arith", "documents", 200),
        "training", Map.of("steps", 20, "batchSize", 4, "evalEvery", 20, "checkpointEvery", 20, "seed", seed)))))
        .path("id").asString();
  }

  /** Kills the worker once the run has done {@code step} steps and starts another; returns the step it died at. */
  private long killWorkerAt(String id, long step) throws IOException, InterruptedException {
    await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(20)).until(() -> progress(id) >= step);
    long killedAt = progress(id);
    worker.destroyForcibly().waitFor();
    worker = startWorker();
    return killedAt;
  }

  /** Each metric key's curve: its steps, and its values except timings, which no two runs share. */
  private Map<String, List<List<Double>>> curves(String id) {
    Map<String, List<List<Double>>> curves = new TreeMap<>();
    http.get("/api/v1/runs/" + id + "/metrics?maxPoints=10000").json().path("series").forEach(series -> {
      boolean timing = isTiming(series.path("key").asString());
      curves.put(series.path("key").asString(), series.path("points").valueStream()
          .map(point -> timing ? List.of(point.get(0).asDouble()) : List.of(point.get(0).asDouble(),
              point.get(1).asDouble()))
          .toList());
    });
    return curves;
  }

  /** What the run lists per metric key (count, last step and value, min, max), timings left out. */
  private Map<String, String> summaries(String id) {
    Map<String, String> summaries = new TreeMap<>();
    http.get("/api/v1/runs/" + id + "/metrics/keys").json().path("keys").forEach(key -> {
      if (!isTiming(key.path("key").asString())) {
        summaries.put(key.path("key").asString(), key.toString());
      }
    });
    return summaries;
  }

  private static boolean isTiming(String key) {
    return key.startsWith("throughput/") || key.equals(MetricKeys.DEVICE_SECONDS);
  }

  /** The edges into the run's model, each as relation and source: an input model by its id, else by what it is. */
  private List<String> lineage(JsonNode run) {
    JsonNode up = http.get("/api/v1/artifacts/" + model(run).path("id").asString() + "/lineage?direction=up&depth=1")
        .json();
    Map<String, String> labels = new TreeMap<>();
    up.path("nodes").forEach(node -> labels.put(node.path("id").asString(),
        node.path("type").asString().equals("run") ? "the run"
            : inputs().contains(node.path("id").asString()) ? node.path("id").asString()
            : node.path("kind").asString() + " " + node.path("name").asString()));
    return up.path("edges").valueStream()
        .map(edge -> edge.path("relation").asString() + " from " + labels.get(edge.path("from").asString()))
        .sorted().toList();
  }

  private List<String> inputs() {
    return Stream.concat(Stream.of(base), siblings.stream()).toList();
  }

  private String submit(String name, String kind, Map<String, Object> spec) {
    Http.Response response =
        http.post("/api/v1/runs", Http.json(Map.of("name", name, "kind", kind, "spec", spec)), Http.ADMIN);
    assertThat(response.status()).as(response.json().toString()).isEqualTo(202);
    return response.json().path("id").asString();
  }

  private long progress(String id) {
    return http.get("/api/v1/runs/" + id).json().path("progress").path("step").asLong();
  }

  private JsonNode awaitEnd(String id) {
    await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(200)).until(() ->
        !List.of("QUEUED", "RUNNING").contains(http.get("/api/v1/runs/" + id).json().path("status").asString()));
    return http.get("/api/v1/runs/" + id).json();
  }

  private JsonNode awaitSuccess(String id) {
    JsonNode run = awaitEnd(id);
    assertThat(run.path("status").asString()).as(run.path("error").asString()).isEqualTo("SUCCEEDED");
    return run;
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
