package dev.pedigree.api;

import static dev.pedigree.api.ScalingHistory.TRUE;
import static dev.pedigree.api.ScalingHistory.parameters;
import static dev.pedigree.api.ScalingHistory.tokens;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * Pretrain runs whose final val/loss follows a known law, their metrics posted through the workers' ingest endpoint:
 * the fit over them recovers the law, a prediction for a bigger run lands on the law's value, and the project list
 * counts each project's usable runs.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ScalingLawTest extends EmbeddedPlatformTest {
  private static final String PROJECT = "scaling-" + UUID.randomUUID().toString().substring(0, 8);
  private static final String SMALL = PROJECT + "-small";
  private static final String UNFINISHED = PROJECT + "-unfinished";
  @LocalServerPort int port;
  @Autowired DataSource dataSource;
  private Http http;

  @BeforeAll
  void history() {
    http = new Http(port);
    ScalingHistory history = new ScalingHistory(http, JdbcClient.create(dataSource));
    history.grid(PROJECT);
    // Neither a failed run nor a running one is a point, however low its loss.
    history.run(PROJECT, "FAILED", 128, 400, 0.5);
    history.run(PROJECT, "RUNNING", 128, 400, 0.5);
    history.project(SMALL);
    history.run(SMALL, "SUCCEEDED", 32, 100, 2.0);
    history.run(SMALL, "SUCCEEDED", 48, 200, 1.8);
    history.project(UNFINISHED);
    history.run(UNFINISHED, "FAILED", 32, 100, 2.0);
  }

  @Test
  void listsTheProjectsWithSucceededRunsAndWhetherEachCanBeFitted() {
    JsonNode listed = http.get("/api/v1/scaling-law/projects").json();

    assertThat(listed.path("metric").asString()).isEqualTo("val/loss");
    assertThat(listed.path("minimum").toString()).isEqualTo("{\"runs\":5,\"sizes\":3,\"tokenCounts\":3}");
    List<String> names = listed.path("projects").valueStream().map(p -> p.path("name").asString()).toList();
    assertThat(names).contains(PROJECT, SMALL).doesNotContain(UNFINISHED);
    assertThat(names.indexOf(PROJECT)).as("fittable first").isLessThan(names.indexOf(SMALL));
    JsonNode project = listed.path("projects").get(names.indexOf(PROJECT));
    assertThat(project.toString()).isEqualTo("{\"name\":\"" + PROJECT
        + "\",\"runs\":12,\"sizes\":4,\"tokenCounts\":3,\"fittable\":true}");
    JsonNode small = listed.path("projects").get(names.indexOf(SMALL));
    assertThat(List.of(small.path("runs").asInt(), small.path("sizes").asInt(), small.path("tokenCounts").asInt()))
        .containsExactly(2, 2, 2);
    assertThat(small.path("fittable").asBoolean()).isFalse();

    assertThat(http.get("/api/v1/scaling-law/projects?metric=val/other").json().path("projects").valueStream()
        .map(p -> p.path("name").asString())).doesNotContain(PROJECT, SMALL);
    assertThat(field(http.get("/api/v1/scaling-law/projects?metric="))).isEqualTo("metric");
  }

  @Test
  void theFitOverAProjectsRunsRecoversItsLaw() {
    Http.Response response = http.get("/api/v1/scaling-law?project=" + PROJECT);

    assertThat(response.status()).as(String.valueOf(response.json())).isEqualTo(200);
    JsonNode law = response.json().path("law");
    assertThat(law.path("irreducible").asDouble()).isCloseTo(0.9, within(0.01));
    assertThat(law.path("alpha").asDouble()).isCloseTo(0.4, within(0.01));
    assertThat(law.path("beta").asDouble()).isCloseTo(0.35, within(0.01));
    assertThat(response.json().path("metric").asString()).isEqualTo("val/loss");
    List<JsonNode> runs = response.json().path("runs").valueStream().toList();
    assertThat(runs).hasSize(12);
    assertThat(runs).allSatisfy(run -> assertThat(run.path("residual").asDouble()).isCloseTo(0, within(1e-3)));
    JsonNode first = runs.get(runs.size() - 1);
    assertThat(first.path("name").asString()).isEqualTo("d32-s100");
    assertThat(first.path("parameters").asLong()).isEqualTo(parameters(32));
    assertThat(first.path("tokens").asLong()).isEqualTo(100L * 16 * 64);
  }

  @Test
  void predictsABiggerRunFromItsSpecOrItsCounts() {
    String spec = "{\"model\": {\"layers\": 2, \"dModel\": 128, \"heads\": 4, \"contextLength\": 64},"
        + " \"training\": {\"steps\": 1600, \"batchSize\": 16}}";
    double truth = TRUE.predict(parameters(128), tokens(1600));

    Http.Response fromSpec = predict("{\"project\": \"" + PROJECT + "\", \"spec\": " + spec + "}");
    Http.Response fromCounts = predict(Http.json(Map.of("project", PROJECT, "metric", "val/loss",
        "parameters", parameters(128), "tokens", tokens(1600))));

    assertThat(fromSpec.status()).as(String.valueOf(fromSpec.json())).isEqualTo(200);
    JsonNode prediction = fromSpec.json();
    assertThat(prediction.path("parameters").asLong()).isEqualTo(parameters(128));
    assertThat(prediction.path("tokens").asLong()).isEqualTo(tokens(1600));
    assertThat(prediction.path("loss").asDouble()).isCloseTo(truth, within(0.01));
    JsonNode interval = prediction.path("interval");
    assertThat(interval.path("low").asDouble()).isLessThanOrEqualTo(prediction.path("loss").asDouble() + 1e-9);
    assertThat(interval.path("high").asDouble()).isGreaterThanOrEqualTo(prediction.path("loss").asDouble() - 1e-9);
    assertThat(interval.path("level").asDouble()).isEqualTo(0.9);
    assertThat(interval.path("resamples").asInt()).isEqualTo(200);
    assertThat(prediction.path("fit").path("runs").size()).isEqualTo(12);
    assertThat(fromCounts.json().path("loss").asDouble()).isEqualTo(prediction.path("loss").asDouble());
  }

  @Test
  void tooFewRunsOrBadInputAreNamed() {
    Http.Response small = http.get("/api/v1/scaling-law?project=" + SMALL);
    assertThat(small.status()).isEqualTo(400);
    assertThat(small.json().path("errors").get(0).path("field").asString()).isEqualTo("project");
    assertThat(small.json().path("detail").asString()).isEqualTo("project '" + SMALL + "' (its succeeded pretrain"
        + " runs that logged val/loss) has 2 run(s) at 2 distinct size(s) N and 2 distinct token count(s) D; a fit"
        + " needs at least 5 runs, 3 sizes and 3 token counts");
    assertThat(field(predict("{\"project\": \"" + SMALL + "\", \"parameters\": 1000, \"tokens\": 1000}")))
        .isEqualTo("$.project");
    assertThat(field(http.get("/api/v1/scaling-law?project=" + PROJECT + "&metric=val/other"))).isEqualTo("project");
    assertThat(field(http.get("/api/v1/scaling-law?project=no%20such"))).isEqualTo("project");

    Map<String, String> bad = Map.of(
        "{\"parameters\": \"5\", \"tokens\": 1000}", "$.parameters",
        "{\"parameters\": 1000}", "$.tokens",
        "{\"parameters\": 1000, \"tokens\": 2.5}", "$.tokens",
        "{\"spec\": {}, \"tokens\": 1000}", "$.tokens",
        "{\"spec\": {\"model\": {\"layers\": 0}}}", "$.spec.model.layers",
        "{\"spec\": {\"modle\": {}}}", "$.spec.modle",
        "{\"metric\": \"\", \"parameters\": 1000, \"tokens\": 1000}", "$.metric",
        "{\"parameters\": 1000, \"tokens\": 1000, \"steps\": 3}", "$.steps",
        "[1]", "$");
    bad.forEach((body, path) -> assertThat(field(predict(body))).as(body).isEqualTo(path));
  }

  private Http.Response predict(String body) {
    return http.post("/api/v1/scaling-law/predict", body, Http.ADMIN);
  }

  private static String field(Http.Response response) {
    assertThat(response.status()).as(String.valueOf(response.json())).isEqualTo(400);
    assertThat(response.json().path("errors").size()).isEqualTo(1);
    return response.json().path("errors").get(0).path("field").asString();
  }
}
