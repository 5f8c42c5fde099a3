package dev.pedigree.api.metric;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.pedigree.migrations.testing.PostgresTest;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

@PostgresTest
class MetricControllerTest {
  private final JdbcClient jdbc;
  private final List<Object> published = new ArrayList<>();
  private final MockMvc mvc;
  private UUID run;

  MetricControllerTest(DataSource dataSource) {
    this.jdbc = JdbcClient.create(dataSource);
    MetricService service = new MetricService(new MetricRepository(dataSource), published::add);
    this.mvc =
        MockMvcBuilders.standaloneSetup(new MetricController(service)).setControllerAdvice(new Problems()).build();
  }

  @BeforeEach
  void newRun() {
    run = MetricTestRuns.insert(jdbc);
  }

  @Test
  void ingestsThenServesCurvesAndKeys() throws Exception {
    String batch = """
        {"attempt": 1, "series": [
          {"key": "train/loss", "points": [[0, 3.5], [1, 3.0, 1700000000000], [2, 2.5]]},
          {"key": "lr", "points": [[0, 0.001]]}
        ]}""";
    ingest(batch).andExpect(status().isOk()).andExpect(content().json("{\"accepted\": 4, \"duplicates\": 0}"));
    ingest(batch).andExpect(status().isOk()).andExpect(content().json("{\"accepted\": 0, \"duplicates\": 4}"));

    mvc.perform(get("/api/v1/runs/{id}/metrics", run).param("key", "train/loss,lr"))
        .andExpect(status().isOk())
        .andExpect(content().json("""
            {"series": [{"key": "train/loss", "points": [[0, 3.5], [1, 3.0], [2, 2.5]]},
                        {"key": "lr", "points": [[0, 0.001]]}]}""", true));
    mvc.perform(get("/api/v1/runs/{id}/metrics", run).param("key", "lr").param("key", "missing"))
        .andExpect(content().json("""
            {"series": [{"key": "lr", "points": [[0, 0.001]]}, {"key": "missing", "points": []}]}""", true));
    mvc.perform(get("/api/v1/runs/{id}/metrics", run))
        .andExpect(content().json("{\"series\": [{\"key\": \"lr\"}, {\"key\": \"train/loss\"}]}"));
    mvc.perform(get("/api/v1/runs/{id}/metrics/keys", run))
        .andExpect(status().isOk())
        .andExpect(content().json("""
            {"keys": [{"key": "lr", "last": 0.001, "lastStep": 0, "min": 0.001, "max": 0.001, "count": 1},
                      {"key": "train/loss", "last": 2.5, "lastStep": 2, "min": 2.5, "max": 3.5, "count": 3}]}""",
            true));

    assertThat(published).singleElement().isInstanceOfSatisfying(MetricsIngested.class, event -> {
      assertThat(event.runId()).isEqualTo(run);
      assertThat(event.series()).extracting(MetricSeries::key).containsExactly("train/loss", "lr");
      assertThat(event.series().get(0).withoutWallTimes().points()).containsExactly(new MetricPoint(0, 3.5),
          new MetricPoint(1, 3.0), new MetricPoint(2, 2.5));
      assertThat(event.series().get(0).points().get(1).wallTime()).isEqualTo(1_700_000_000_000L);
    });
  }

  @Test
  void aValueThatIsNoNumberIsABadRequestNamingItsPath() throws Exception {
    ingest("{\"attempt\": 1, \"series\": [{\"key\": \"a\", \"points\": [[0, 1], [1, 2], [2, 3], [3, \"x\"]]}]}")
        .andExpect(status().isBadRequest())
        .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
        .andExpect(jsonPath("$.errors[0].field").value("$.series[0].points[3][1]"));
    ingest("{\"attempt\": \"one\", \"series\": []}")
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.errors[0].field").value("$.attempt"));
    assertThat(published).isEmpty();
  }

  @Test
  void aBatchThatIsNotSentAsJsonIsAnUnsupportedMediaType() throws Exception {
    for (MediaType type : List.of(MediaType.TEXT_PLAIN, MediaType.APPLICATION_FORM_URLENCODED)) {
      mvc.perform(post("/api/v1/runs/{id}/metrics", run).contentType(type)
              .content("{\"attempt\": 1, \"series\": [{\"key\": \"a\", \"points\": [[0, 1]]}]}"))
          .andExpect(status().isUnsupportedMediaType());
    }
    mvc.perform(post("/api/v1/runs/{id}/metrics", run).content("{\"attempt\": 1, \"series\": []}"))
        .andExpect(status().isUnsupportedMediaType());
    assertThat(published).isEmpty();
  }

  /** A later attempt's points replace the curve, so a buggy client's attempt number must not rewrite history. */
  @Test
  void anAttemptLaterThanTheRunsLatestIsAConflict() throws Exception {
    String secondAttempt = "{\"attempt\": 2, \"series\": [{\"key\": \"a\", \"points\": [[0, 9]]}]}";
    ingest("{\"attempt\": 1, \"series\": [{\"key\": \"a\", \"points\": [[0, 1]]}]}").andExpect(status().isOk());

    ingest(secondAttempt)
        .andExpect(status().isConflict())
        .andExpect(jsonPath("$.errors[0].field").value("$.attempt"));
    mvc.perform(get("/api/v1/runs/{id}/metrics", run).param("key", "a"))
        .andExpect(content().json("{\"series\": [{\"key\": \"a\", \"points\": [[0, 1.0]]}]}", true));

    jdbc.sql("INSERT INTO run_attempt (run_id, attempt, from_step, worker, device) VALUES (:run, 2, 0, 'w', 'cpu')")
        .param("run", run).update();
    ingest(secondAttempt).andExpect(status().isOk());
    mvc.perform(get("/api/v1/runs/{id}/metrics", run).param("key", "a"))
        .andExpect(content().json("{\"series\": [{\"key\": \"a\", \"points\": [[0, 9.0]]}]}", true));
  }

  @Test
  void anUnknownRunIsNotFound() throws Exception {
    UUID unknown = UUID.randomUUID();
    mvc.perform(post("/api/v1/runs/{id}/metrics", unknown).contentType(MediaType.APPLICATION_JSON)
            .content("{\"attempt\": 1, \"series\": []}"))
        .andExpect(status().isNotFound());
    mvc.perform(get("/api/v1/runs/{id}/metrics", unknown)).andExpect(status().isNotFound());
    mvc.perform(get("/api/v1/runs/{id}/metrics/keys", unknown)).andExpect(status().isNotFound());
  }

  @Test
  void maxPointsIsBounded() throws Exception {
    for (String maxPoints : List.of("3", "10001", "many")) {
      mvc.perform(get("/api/v1/runs/{id}/metrics", run).param("maxPoints", maxPoints))
          .andExpect(status().isBadRequest())
          .andExpect(jsonPath("$.errors[0].field").value("maxPoints"));
    }
  }

  @Test
  void aStepWindowMustBeOrderedNonNegativeIntegers() throws Exception {
    for (List<String> window : List.of(List.of("x", "10"), List.of("-1", "10"), List.of("20", "10"))) {
      mvc.perform(get("/api/v1/runs/{id}/metrics", run).param("fromStep", window.get(0)).param("toStep", window.get(1)))
          .andExpect(status().isBadRequest())
          .andExpect(jsonPath("$.errors[0].field").value(window.get(0).equals("20") ? "toStep" : "fromStep"));
    }
    mvc.perform(get("/api/v1/runs/{id}/metrics", run).param("key", "loss").param("fromStep", "5").param("toStep", "5"))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.series[0].points").isEmpty());
  }

  @Test
  void timesTrueAddsEachPointsWallTimeAndOnlyThen() throws Exception {
    ingest("""
        {"attempt": 1, "series": [{"key": "loss", "points": [[0, 3.5, 1700000000000], [1, 3.0, 1700000004250]]}]}""")
        .andExpect(status().isOk());

    mvc.perform(get("/api/v1/runs/{id}/metrics", run).param("key", "loss").param("times", "true"))
        .andExpect(status().isOk())
        .andExpect(content().string(
            "{\"series\":[{\"key\":\"loss\",\"points\":[[0,3.5,1700000000000],[1,3.0,1700000004250]]}]}"));
    for (String absent : List.of("false", "")) {
      mvc.perform(get("/api/v1/runs/{id}/metrics", run).param("key", "loss").param("times", absent))
          .andExpect(content().string("{\"series\":[{\"key\":\"loss\",\"points\":[[0,3.5],[1,3.0]]}]}"));
    }
    mvc.perform(get("/api/v1/runs/{id}/metrics", run).param("key", "loss"))
        .andExpect(content().string("{\"series\":[{\"key\":\"loss\",\"points\":[[0,3.5],[1,3.0]]}]}"));
    for (String bad : List.of("yes", "1", "TRUE")) {
      mvc.perform(get("/api/v1/runs/{id}/metrics", run).param("times", bad))
          .andExpect(status().isBadRequest())
          .andExpect(jsonPath("$.errors[0].field").value("times"));
    }
  }

  private ResultActions ingest(String body) throws Exception {
    return mvc.perform(post("/api/v1/runs/{id}/metrics", run).contentType(MediaType.APPLICATION_JSON).content(body));
  }

  /** Renders {@link dev.pedigree.api.common.problem.ApiProblem} as problem+json, as the application's handler does. */
  @RestControllerAdvice
  static class Problems extends ResponseEntityExceptionHandler {}
}
