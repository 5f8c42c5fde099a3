package dev.pedigree.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * 10,000 malformed, oversized, wrongly typed and hostile requests across the API, generated from a fixed seed
 * ({@code -Dfuzz.seed=N} for another): never a 5xx, every 4xx a problem with type, title and status, no secret in
 * any answer, and not one row of the database changed by them.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class BadInputFuzzTest extends EmbeddedPlatformTest {
  private static final long SEED = Long.getLong("fuzz.seed", 20261123L);
  private static final int REQUESTS = Integer.getInteger("fuzz.requests", 10_000);
  private static final List<String> TABLES = List.of("project", "pipeline", "pipeline_gate", "run", "run_attempt",
      "metric_key", "metric_point", "metric_summary", "artifact", "lineage_edge", "api_token", "registered_model",
      "model_version", "model_alias", "model_alias_move", "registered_model_tag", "model_version_tag",
      "model_stage_transition", "sweep");

  @LocalServerPort int port;
  @Autowired DataSource dataSource;


  @Test
  void hostileRequestsAreRefusedWithProblemsAndChangeNothing() {
    JdbcClient jdbc = JdbcClient.create(dataSource);
    UUID run = endedRun(jdbc);
    String userToken = new Http(port).post("/api/v1/tokens",
        Http.json(Map.of("name", "fuzz-user", "role", "user", "project", "fuzz-scope")), Http.ADMIN)
        .json().path("token").asString();
    String model = "fuzz-model-" + run.toString().substring(0, 8);
    Http.Response created = new Http(port).post("/api/v1/models", Http.json(Map.of("name", model)), Http.ADMIN);
    assertThat(created.status()).as(created.json().toString()).isEqualTo(201);
    UUID pipeline = pipelineAtItsGate();
    Map<String, String> before = quietSnapshot(jdbc);

    HostileRequests requests = new HostileRequests(SEED, run, userToken, model, pipeline);
    FuzzClient client = new FuzzClient(port);
    Map<Integer, Integer> statuses = new TreeMap<>();
    int failures = 0;
    String firstFailure = null;
    long started = System.nanoTime();
    for (int i = 0; i < REQUESTS; i++) {
      HostileRequest request = requests.next();
      FuzzClient.Outcome outcome = client.send(request);
      statuses.merge(outcome.status(), 1, Integer::sum);
      String failure = FuzzAnswers.judge(request, outcome, List.of(Http.ADMIN, Http.WORKER, userToken));
      if (failure != null) {
        failures++;
        if (firstFailure == null) {
          firstFailure = "request #" + i + ": " + request.describe() + "\n  → " + failure;
        }
      }
    }
    System.out.printf("fuzz: seed %d, %d requests in %d ms, statuses %s, %d resent, %d failures%n", SEED, REQUESTS,
        (System.nanoTime() - started) / 1_000_000, statuses, client.resent(), failures);

    assertThat(failures).as("seed %d: %d of %d requests failed; the first was %s", SEED, failures, REQUESTS,
        firstFailure).isZero();
    assertThat(snapshot(jdbc)).as("seed %d: the database after the hostile requests (runs active meanwhile: %s)", SEED,
        activeRuns(jdbc)).isEqualTo(before);
    new Http(port).post("/api/v1/pipelines/" + pipeline + "/cancel", "", Http.ADMIN);
  }

  /** A pipeline of the default project waiting at its gate {@code ask}, which the hostile decisions may not pass. */
  private UUID pipelineAtItsGate() {
    Http http = new Http(port);
    Http.Response submitted = http.post("/api/v1/pipelines", """
        {"name": "fuzz-gates", "stages": [{"name": "ask", "gate": "Pass?"},
                                          {"name": "later", "gate": "And this?", "after": ["ask"]}]}""", Http.ADMIN);
    assertThat(submitted.status()).as(submitted.json().toString()).isEqualTo(202);
    String id = submitted.json().path("id").asString();
    for (long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos(); ; sleep(Duration.ofMillis(200))) {
      String gate = http.get("/api/v1/pipelines/" + id).json().path("stages").get(0).path("status").asString();
      if (gate.equals("WAITING")) {
        return UUID.fromString(id);
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("the fuzz pipeline did not reach its gate; the gate is " + gate);
      }
    }
  }

  /** An ended run (no workflow, so nothing writes to it) for the worker endpoints to validate against. */
  static UUID endedRun(JdbcClient jdbc) {
    UUID id = UUID.randomUUID();
    jdbc.sql(
            """
            INSERT INTO run (id, project_id, name, kind, status, spec, finished_at)
            SELECT :id, id, 'fuzz-target', 'pretrain', 'FAILED', '{}'::jsonb, now() FROM project WHERE name = 'default'
            """)
        .param("id", id)
        .update();
    return id;
  }

  /**
   * The snapshot once the runs of earlier tests on this shared platform are cancelled and the database has not changed
   * for a few seconds, so that only the hostile requests could change it.
   */
  private Map<String, String> quietSnapshot(JdbcClient jdbc) {
    Http http = new Http(port);
    for (String run : activeRuns(jdbc)) {
      http.post("/api/v1/runs/" + run.substring(0, 36) + "/cancel", "", Http.ADMIN);
    }
    Map<String, String> previous = Map.of();
    int unchanged = 0;
    for (long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos(); unchanged < 3; ) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("the database kept changing before the fuzz test; active runs: " + activeRuns(jdbc));
      }
      sleep(Duration.ofSeconds(1));
      Map<String, String> current = snapshot(jdbc);
      unchanged = current.equals(previous) ? unchanged + 1 : 0;
      previous = current;
    }
    return previous;
  }

  private static List<String> activeRuns(JdbcClient jdbc) {
    return jdbc.sql("SELECT id || ' ' || status || ' ' || name FROM run WHERE status IN ('QUEUED', 'RUNNING')")
        .query(String.class).list();
  }

  /** Row count and a checksum of the rows, per table. */
  private static Map<String, String> snapshot(JdbcClient jdbc) {
    Map<String, String> tables = new LinkedHashMap<>();
    for (String table : TABLES) {
      tables.put(table, jdbc.sql("SELECT count(*) || ' rows, md5 ' || coalesce(md5(string_agg(md5(t::text), ''"
              + " ORDER BY md5(t::text))), '-') FROM " + table + " t")
          .query(String.class).single());
    }
    return tables;
  }

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
