package dev.pedigree.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.LongToDoubleFunction;
import java.util.stream.LongStream;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * {@code GET /runs/compare} with {@code fromStep}/{@code toStep}, as the compare page asks after a zoom: each run's
 * curve holds exactly the window's points, at full detail where the whole curve comes downsampled.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class RunCompareWindowTest extends EmbeddedPlatformTest {
  private static final int STEPS = 3000;

  @LocalServerPort int port;
  @Autowired DataSource dataSource;

  @Test
  void aStepWindowNarrowsEveryRunsCurveToItsRawPoints() {
    Http http = new Http(port);
    UUID rising = runWithLoss(JdbcClient.create(dataSource), http, STEPS, step -> step / 1000.0);
    UUID falling = runWithLoss(JdbcClient.create(dataSource), http, STEPS, step -> 3 - step / 1000.0);
    String compare = "/api/v1/runs/compare?ids=" + rising + "," + falling + "&key=train/loss";

    JsonNode whole = http.get(compare).json().path("series");
    JsonNode window = http.get(compare + "&fromStep=1000&toStep=1199").json().path("series");
    JsonNode tail = http.get(compare + "&fromStep=2990&times=true").json().path("series");

    assertThat(whole.get(0).path("points").size()).as("downsampled").isBetween(2, 1000);
    assertThat(window.valueStream().map(curve -> curve.path("runId").asString()).toList())
        .containsExactly(rising.toString(), falling.toString());
    assertThat(steps(window.get(0))).containsExactlyElementsOf(LongStream.rangeClosed(1000, 1199).boxed().toList());
    assertThat(steps(window.get(1))).isEqualTo(steps(window.get(0)));
    assertThat(window.get(0).path("points").get(0).get(1).asDouble()).isEqualTo(1.0);
    assertThat(window.get(1).path("points").get(199).get(1).asDouble()).isEqualTo(3 - 1.199);
    assertThat(steps(tail.get(1))).containsExactlyElementsOf(LongStream.range(2990, STEPS).boxed().toList());
    assertThat(tail.get(1).path("points").get(0).size()).as("with its wall time").isEqualTo(3);
  }

  @Test
  void aBadStepWindowIsAProblemNamingTheParameter() {
    Http http = new Http(port);
    UUID run = runWithLoss(JdbcClient.create(dataSource), http, 10, step -> step);
    String compare = "/api/v1/runs/compare?ids=" + run + "&key=train/loss";

    Http.Response negative = http.get(compare + "&fromStep=-1");
    Http.Response reversed = http.get(compare + "&fromStep=20&toStep=10");
    Http.Response notANumber = http.get(compare + "&toStep=ten");

    assertThat(negative.status()).isEqualTo(400);
    assertThat(negative.contentType()).startsWith("application/problem+json");
    assertThat(negative.json().path("errors").toString())
        .isEqualTo("[{\"field\":\"fromStep\",\"message\":\"must be an integer from 0 to 9007199254740991\"}]");
    assertThat(reversed.status()).isEqualTo(400);
    assertThat(reversed.json().path("errors").toString())
        .isEqualTo("[{\"field\":\"toStep\",\"message\":\"must not be below fromStep\"}]");
    assertThat(notANumber.status()).isEqualTo(400);
    assertThat(notANumber.json().path("errors").get(0).path("field").asString()).isEqualTo("toStep");
  }

  /** An ended run whose {@code train/loss} holds steps 0 to {@code steps - 1}, sent as a worker sends them. */
  static UUID runWithLoss(JdbcClient jdbc, Http http, int steps, LongToDoubleFunction loss) {
    UUID run = BadInputFuzzTest.endedRun(jdbc);
    List<List<Number>> points = LongStream.range(0, steps)
        .mapToObj(step -> List.<Number>of(step, loss.applyAsDouble(step))).toList();
    Http.Response response = http.post("/api/v1/runs/" + run + "/metrics", Http.json(Map.of("attempt", 1,
        "series", List.of(Map.of("key", "train/loss", "points", points)))), Http.WORKER);
    assertThat(response.status()).as(String.valueOf(response.json())).isEqualTo(200);
    return run;
  }

  private static List<Long> steps(JsonNode curve) {
    return curve.path("points").valueStream().map(point -> point.get(0).asLong()).toList();
  }
}
