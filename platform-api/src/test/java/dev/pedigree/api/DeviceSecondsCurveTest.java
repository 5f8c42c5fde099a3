package dev.pedigree.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pedigree.workflows.common.MetricKeys;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.LongStream;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * Two attempts of a run through the worker endpoints, as a worker killed after step 80 and resumed from its checkpoint
 * at step 50 makes them: the device-seconds curve goes on from everything the first attempt spent, so it never goes
 * down, although the resumed attempt's points replace the first one's from step 51; and the run reads back its usage.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class DeviceSecondsCurveTest extends EmbeddedPlatformTest {
  @LocalServerPort int port;
  @Autowired DataSource dataSource;

  @Test
  void theDeviceSecondsCurveNeverGoesDownAcrossAResume() {
    JdbcClient jdbc = JdbcClient.create(dataSource);
    UUID run = runningRun(jdbc);
    Http http = new Http(port);
    String runPath = "/api/v1/runs/" + run;

    Instant start = Instant.parse("2026-11-20T08:00:00Z");
    JsonNode first = report(http, run, 1, 0, 2.5);
    // The worker's clock ran on past the platform's view of the attempt (a batch's wait, two clocks): 82.5 s at step 80.
    ingest(http, run, 1, 1, 80, step -> 2.5 + step);
    setTimes(jdbc, run, 1, start, start.plusSeconds(50));
    // The next attempt's worker registers its dataset before it reports itself: not a sign of the dead attempt's life.
    Http.Response dataset = http.post(runPath + "/artifacts", Http.json(Map.of("kind", "dataset", "name", "g-text",
        "uri", "generated:g-text", "sha256", "ab".repeat(32), "bytes", 0, "format", "generated", "metadata", Map.of())),
        Http.WORKER);
    JsonNode second = report(http, run, 2, 50, 1);
    double prior = second.path("priorDeviceSeconds").asDouble();
    ingest(http, run, 2, 51, 100, step -> prior + 1 + (step - 50) * 0.5);
    setTimes(jdbc, run, 2, start.plusSeconds(100), start.plusSeconds(3650));

    assertThat(dataset.status()).as(String.valueOf(dataset.json())).isEqualTo(201);
    assertThat(first.path("priorDeviceSeconds").asDouble()).isZero();
    assertThat(prior).as("at least every point the first attempt logged, not its 50 s").isEqualTo(82.5);
    List<JsonNode> curve = http.get(runPath + "/metrics?key=" + MetricKeys.DEVICE_SECONDS).json().path("series").get(0)
        .path("points").valueStream().toList();
    assertThat(curve).extracting(point -> point.get(0).asLong())
        .containsExactlyElementsOf(LongStream.rangeClosed(1, 100).boxed().toList());
    assertThat(curve).extracting(point -> point.get(1).asDouble()).isSorted();
    assertThat(curve.get(50).get(1).asDouble()).as("step 51, the resumed attempt's first").isEqualTo(82.5 + 1.5);

    // The attempts' last steps (80 and 100) came with their metrics: 50 s × 30/80 of the first were redone.
    JsonNode read = http.get(runPath).json();
    JsonNode listed = http.get("/api/v1/runs?q=" + run).json().path("items").get(0);
    jdbc.sql("UPDATE run SET status = 'FAILED', finished_at = now() WHERE id = :id").param("id", run).update();

    String usage =
        "{\"deviceSeconds\":3600.0,\"lostSeconds\":18.75,\"device\":\"cuda\",\"cost\":null,\"currency\":\"USD\"}";
    assertThat(read.path("usage").toString()).as("no price configured: no cost").isEqualTo(usage);
    assertThat(listed.path("usage").toString()).isEqualTo(usage);
    assertThat(read.path("attempts").valueStream().map(a -> a.path("deviceSeconds").asDouble() + " "
        + a.path("lostSeconds").asDouble()).toList()).containsExactly("50.0 18.75", "3550.0 0.0");
  }

  private static UUID runningRun(JdbcClient jdbc) {
    UUID id = UUID.randomUUID();
    jdbc.sql(
            """
            INSERT INTO run (id, project_id, name, kind, status, spec, started_at)
            SELECT :id, id, :name, 'pretrain', 'RUNNING', '{}'::jsonb, now() FROM project WHERE name = 'default'
            """)
        .param("id", id)
        .param("name", "curve " + id)
        .update();
    return id;
  }

  private static JsonNode report(Http http, UUID run, int attempt, long fromStep, double heldSeconds) {
    Http.Response response = http.post("/api/v1/runs/" + run + "/attempts", Http.json(Map.of("attempt", attempt,
        "fromStep", fromStep, "worker", "w" + attempt, "device", "cuda", "heldSeconds", heldSeconds)), Http.WORKER);
    assertThat(response.status()).as(String.valueOf(response.json())).isEqualTo(200);
    return response.json();
  }

  private static void ingest(Http http, UUID run, int attempt, long from, long to,
      java.util.function.LongToDoubleFunction seconds) {
    List<List<Number>> points = LongStream.rangeClosed(from, to)
        .mapToObj(step -> List.<Number>of(step, seconds.applyAsDouble(step))).toList();
    List<List<Number>> losses = LongStream.rangeClosed(from, to).mapToObj(step -> List.<Number>of(step, 1.0)).toList();
    Http.Response response = http.post("/api/v1/runs/" + run + "/metrics", Http.json(Map.of("attempt", attempt,
        "series", List.of(Map.of("key", MetricKeys.DEVICE_SECONDS, "points", points),
            Map.of("key", "train/loss", "points", losses)))), Http.WORKER);
    assertThat(response.status()).as(String.valueOf(response.json())).isEqualTo(200);
  }

  private static void setTimes(JdbcClient jdbc, UUID run, int attempt, Instant started, Instant lastSeen) {
    jdbc.sql("UPDATE run_attempt SET started_at = :started, last_seen_at = :seen WHERE run_id = :run AND attempt = :a")
        .param("started", Timestamp.from(started))
        .param("seen", Timestamp.from(lastSeen))
        .param("run", run)
        .param("a", attempt)
        .update();
  }
}
