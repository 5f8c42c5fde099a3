package dev.pedigree.api;

import static dev.pedigree.api.RunSubmissionTest.assertProblem;
import static dev.pedigree.api.RunSubmissionTest.fields;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/** What a buggy or late worker gets from the report endpoints: a problem naming the field, never a changed history. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class WorkerReportTest extends EmbeddedPlatformTest {
  private static final String VALIDATION = "https://pedigree.dev/problems/validation";
  private static final String MALFORMED = "https://pedigree.dev/problems/malformed-body";

  @LocalServerPort int port;
  @Autowired DataSource dataSource;

  @Test
  void anAttemptReportIsReadWithoutCoercionNamingEachBadField() {
    String attempts = "/api/v1/runs/" + endedRun() + "/attempts";
    Http http = new Http(port);

    Http.Response text = http.post(attempts, "{\"attempt\":\"1\",\"fromStep\":0,\"worker\":\"w\",\"device\":\"cpu\"}",
        Http.WORKER);
    Http.Response fraction = http.post(attempts, "{\"attempt\":1,\"fromStep\":0.5,\"worker\":\"w\",\"device\":\"cpu\"}",
        Http.WORKER);
    Http.Response unknown = http.post(attempts,
        "{\"attempt\":1,\"fromStep\":0,\"worker\":\"w\",\"device\":\"cpu\",\"host\":\"h\"}", Http.WORKER);
    Http.Response nulls = http.post(attempts, "{\"attempt\":null,\"fromStep\":null,\"worker\":null,\"device\":null}",
        Http.WORKER);

    assertProblem(text, 400, MALFORMED, "$.attempt");
    assertThat(text.json().path("detail").asString()).isEqualTo("$.attempt must be an integer.");
    assertProblem(fraction, 400, MALFORMED, "$.fromStep");
    assertProblem(unknown, 400, MALFORMED, "$.host");
    assertThat(unknown.json().path("errors").get(0).path("message").asString()).isEqualTo("is not a known field");
    assertProblem(nulls, 400, VALIDATION, null);
    assertThat(fields(nulls)).containsExactly("$.attempt", "$.fromStep", "$.worker", "$.device");
    assertThat(nulls.json().toString()).doesNotContain("DeserializationFeature");
  }

  @Test
  void anEndedRunTakesNoNewAttemptAndKeepsItsHistory() {
    UUID run = endedRun();
    JdbcClient jdbc = JdbcClient.create(dataSource);
    jdbc.sql("INSERT INTO run_attempt (run_id, attempt, from_step, worker, device) VALUES (:run, 1, 0, 'w1', 'cpu')")
        .param("run", run).update();

    Http.Response late = new Http(port).post("/api/v1/runs/" + run + "/attempts",
        "{\"attempt\":1,\"fromStep\":40,\"worker\":\"zombie\",\"device\":\"cpu\"}", Http.WORKER);
    Http.Response extra = new Http(port).post("/api/v1/runs/" + run + "/attempts",
        "{\"attempt\":2,\"fromStep\":40,\"worker\":\"zombie\",\"device\":\"cpu\"}", Http.WORKER);

    assertProblem(late, 409, "https://pedigree.dev/problems/conflict", null);
    assertProblem(extra, 409, "https://pedigree.dev/problems/conflict", null);
    assertThat(jdbc.sql("SELECT attempt || ' ' || from_step || ' ' || worker FROM run_attempt WHERE run_id = :run")
        .param("run", run).query(String.class).list()).containsExactly("1 0 w1");
  }

  @Test
  void aMetricKeyWithAnUnpairedSurrogateIsA400NotA500() {
    Http.Response response = new Http(port).post("/api/v1/runs/" + endedRun() + "/metrics",
        "{\"attempt\":1,\"series\":[{\"key\":\"loss\\ud800\",\"points\":[[1,1]]}]}", Http.WORKER);

    assertProblem(response, 400, VALIDATION, "$.series[0].key");
  }

  /** A diverged loss is a value to see, not to drop: JSON has no NaN, so it is read and written as a string. */
  @Test
  void nonFiniteMetricValuesAreStoredAndReadBack() {
    String metrics = "/api/v1/runs/" + endedRun() + "/metrics";
    Http http = new Http(port);

    Http.Response ingested = http.post(metrics, "{\"attempt\":1,\"series\":[{\"key\":\"train/loss\",\"points\":"
        + "[[0,2.5],[1,NaN],[2,\"Infinity\"],[3,-Infinity],[4,\"NaN\"]]}]}", Http.WORKER);
    JsonNode points = http.get(metrics + "?key=train/loss").json().path("series").get(0).path("points");
    JsonNode summary = http.get(metrics + "/keys").json().path("keys").get(0);

    assertThat(ingested.status()).isEqualTo(200);
    assertThat(points.toString()).isEqualTo("[[0,2.5],[1,\"NaN\"],[2,\"Infinity\"],[3,\"-Infinity\"],[4,\"NaN\"]]");
    assertThat(summary.toString()).contains("\"last\":\"NaN\"", "\"min\":\"-Infinity\"", "\"max\":\"NaN\"",
        "\"count\":5");
  }

  private UUID endedRun() {
    return BadInputFuzzTest.endedRun(JdbcClient.create(dataSource));
  }
}
