package dev.pedigree.api;

import static dev.pedigree.api.MlflowRegistryCalls.MLFLOW;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pedigree.api.HostileMlflowRequests.Logged;
import java.util.ArrayList;
import java.util.HashMap;
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
import tools.jackson.databind.JsonNode;

/**
 * 4,000 hostile and valid calls of the MLflow-compatible API from a fixed seed ({@code -Dfuzz.seed=N} for another):
 * never a 5xx, every error MLflow's own JSON with one of its error codes, no token in any answer, and every metric
 * point and run tag a call logged readable afterwards, through MLflow's reads and through {@code /api/v1}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class MlflowFuzzTest extends EmbeddedPlatformTest {
  private static final long SEED = Long.getLong("fuzz.seed", 20261126L);
  private static final int REQUESTS = Integer.getInteger("fuzz.mlflowRequests", 4_000);

  @LocalServerPort int port;
  @Autowired DataSource dataSource;

  @Test
  void hostileMlflowCallsGetMlflowErrorsAndLoseNothingThatWasLogged() {
    Http http = new Http(port);
    String prefix = "fuzz-mlflow-" + UUID.randomUUID().toString().substring(0, 8);
    String experiment = write(http, "experiments/create", Map.of("name", prefix)).path("experiment_id").asString();
    List<String> runs = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      runs.add(write(http, "runs/create", Map.of("experiment_id", experiment)).path("run").path("info")
          .path("run_id").asString());
    }
    FakeArtifacts artifacts = new FakeArtifacts(http, JdbcClient.create(dataSource));
    write(http, "registered-models/create", Map.of("name", prefix));
    for (int i = 0; i < 2; i++) {
      write(http, "model-versions/create", Map.of("name", prefix,
          "source", "pedigree:/artifacts/" + artifacts.register("model", "model")));
    }
    List<String> sources = List.of(artifacts.register("model", "model"), artifacts.register("model", "model"));

    HostileMlflowRequests requests = new HostileMlflowRequests(SEED, experiment, runs, artifacts.run().toString(),
        prefix, sources);
    FuzzClient client = new FuzzClient(port);
    List<Logged> logged = new ArrayList<>();
    Map<Integer, Integer> statuses = new TreeMap<>();
    Map<String, String> firstFailures = new TreeMap<>();
    int failures = 0;
    long started = System.nanoTime();
    for (int i = 0; i < REQUESTS; i++) {
      HostileRequest request = requests.next();
      FuzzClient.Outcome outcome = client.send(request);
      statuses.merge(outcome.status(), 1, Integer::sum);
      String failure = FuzzAnswers.judge(request, outcome, List.of(Http.ADMIN, Http.WORKER));
      if (failure != null) {
        failures++;
        firstFailures.putIfAbsent(outcome.status() + " " + request.method() + " " + request.path().split("\\?")[0],
            "request #" + i + ": " + request.describe() + "\n  → " + failure);
      }
      if (outcome.status() == 200) {
        logged.addAll(requests.logged(request));
      }
    }
    System.out.printf("fuzz mlflow: seed %d, %d requests in %d ms, statuses %s, %d resent, %d failures, %d logged%n",
        SEED, REQUESTS, (System.nanoTime() - started) / 1_000_000, statuses, client.resent(), failures,
        logged.size());

    assertThat(failures).as("seed %d: %d of %d requests failed; the first of each status and endpoint:%n%s", SEED,
        failures, REQUESTS, String.join("\n", firstFailures.values())).isZero();
    assertThat(logged).as("the valid calls that logged something").hasSizeGreaterThan(REQUESTS / 100);
    for (String run : runs) {
      assertLoggedIsReadable(http, run, logged.stream().filter(entry -> entry.run().equals(run)).toList());
    }
  }

  /** Each point through get-history and {@code /api/v1}'s metrics read, each tag through runs/get. */
  private static void assertLoggedIsReadable(Http http, String run, List<Logged> logged) {
    Map<Long, Double> points = new HashMap<>();
    Map<String, String> tags = new HashMap<>();
    for (Logged entry : logged) {
      if (entry.step() == null) {
        tags.put(entry.key(), entry.value());
      } else {
        points.put(entry.step(), Double.parseDouble(entry.value()));
      }
    }
    Map<Long, Double> history = new HashMap<>();
    http.get(MLFLOW + "metrics/get-history?run_id=" + run + "&metric_key=" + HostileMlflowRequests.KEY
        + "&max_results=1000000").json().path("metrics")
        .forEach(point -> history.put(point.path("step").asLong(), point.path("value").asDouble()));
    assertThat(history).as("run %s's history of %s", run, HostileMlflowRequests.KEY).containsAllEntriesOf(points);

    Map<Long, Double> curve = new HashMap<>();
    JsonNode series = http.get("/api/v1/runs/" + run + "/metrics?key=" + HostileMlflowRequests.KEY
        + "&maxPoints=10000").json().path("series");
    series.forEach(one -> one.path("points").forEach(point -> curve.put(point.get(0).asLong(),
        point.get(1).asDouble())));
    assertThat(curve).as("run %s's curve of %s", run, HostileMlflowRequests.KEY).containsAllEntriesOf(points);

    Map<String, String> stored = new HashMap<>();
    http.get(MLFLOW + "runs/get?run_id=" + run).json().path("run").path("data").path("tags")
        .forEach(tag -> stored.put(tag.path("key").asString(), tag.path("value").asString()));
    assertThat(stored).as("run %s's tags", run).containsAllEntriesOf(tags);
  }

  private static JsonNode write(Http http, String path, Map<String, ?> body) {
    Http.Response response = http.post(MLFLOW + path, Http.json(body), Http.ADMIN);
    assertThat(response.status()).as(path + ": " + response.json()).isEqualTo(200);
    return response.json();
  }
}
