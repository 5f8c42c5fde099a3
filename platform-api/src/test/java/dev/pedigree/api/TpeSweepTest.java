package dev.pedigree.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pedigree.workflows.run.RunInput;
import dev.pedigree.workflows.sweep.SweepActivities;
import dev.pedigree.workflows.sweep.TrialRequest;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A tpe sweep through the embedded platform with real training: random startup trials, then trials tpe chooses. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class TpeSweepTest extends EmbeddedPlatformTest {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  @LocalServerPort int port;
  @Autowired SweepActivities activities;

  /**
   * Two at a time, trial 4 starts when two of the first three have ended, so every trial after the three startup ones
   * has at least the two scored trials tpe needs.
   */
  @Test
  void afterThreeRandomTrialsTpeChoosesTheRestInRangeAndARepeatedRequestKeepsATrialsValues() {
    Http http = new Http(port);
    String body = """
        {"name": "tpe", "kind": "pretrain",
         "spec": {"model": {"layers": 1, "dModel": 32, "heads": 2, "contextLength": 32}, "data": {"documents": 200},
                  "training": {"steps": 20, "batchSize": 4, "warmupSteps": 0, "evalEvery": 10, "checkpointEvery": 20}},
         "method": "tpe", "trials": 8, "seed": 17, "tpe": {"startupTrials": 3},
         "parameters": {"training.learningRate": {"min": 1e-4, "max": 3e-2, "scale": "log"}},
         "parallelism": 2, "objective": {"metric": "val/loss", "goal": "minimize"}}""";
    Http.Response submitted = http.post("/api/v1/sweeps", body, Http.ADMIN);
    assertThat(submitted.status()).as(submitted.json().toString()).isEqualTo(202);
    String id = submitted.json().path("id").asString();
    assertThat(submitted.json().path("trials").get(3).path("params").isEmpty()).isTrue();
    assertThat(submitted.json().path("trials").get(3).has("drawnBy")).isFalse();
    assertThat(submitted.json().path("trials").get(2).path("drawnBy").asString()).isEqualTo("random");

    JsonNode sweep = awaitEnd(http, id);

    assertThat(sweep.path("status").asString()).as(sweep.toString()).isEqualTo("SUCCEEDED");
    assertThat(sweep.path("method").asString()).isEqualTo("tpe");
    List<JsonNode> trials = sweep.path("trials").valueStream().toList();
    assertThat(trials).hasSize(8).allMatch(trial -> trial.path("status").asString().equals("SUCCEEDED"));
    assertThat(trials).extracting(trial -> trial.path("drawnBy").asString())
        .containsExactly("random", "random", "random", "tpe", "tpe", "tpe", "tpe", "tpe");
    assertThat(trials).noneMatch(trial -> trial.has("drawnWhy"));
    for (JsonNode trial : trials) {
      assertThat(trial.path("params").path("training.learningRate").asDouble()).isBetween(1e-4, 3e-2);
      JsonNode run = http.get("/api/v1/runs/" + trial.path("runId").asString()).json();
      assertThat(run.path("sweep").path("params")).isEqualTo(trial.path("params"));
      assertThat(run.path("sweep").path("drawnBy")).isEqualTo(trial.path("drawnBy"));
      assertThat(run.path("spec").path("training").path("learningRate"))
          .isEqualTo(trial.path("params").path("training.learningRate"));
    }

    JsonNode fifth = trials.get(4);
    UUID runId = UUID.fromString(fifth.path("runId").asString());
    RunInput again = activities.createTrialRun(new TrialRequest(UUID.fromString(id), 5, runId));
    RunInput another = activities.createTrialRun(new TrialRequest(UUID.fromString(id), 5, UUID.randomUUID()));

    assertThat(again.runId()).isEqualTo(runId);
    assertThat(another.runId()).isEqualTo(runId);
    assertThat(JSON.readTree(again.specJson()).path("training").path("learningRate"))
        .isEqualTo(fifth.path("params").path("training.learningRate"));
    assertThat(http.get("/api/v1/sweeps/" + id).json().path("trials").get(4)).isEqualTo(fifth);
  }

  private static JsonNode awaitEnd(Http http, String id) {
    await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(300)).until(() ->
        !List.of("QUEUED", "RUNNING").contains(http.get("/api/v1/sweeps/" + id).json().path("status").asString()));
    return http.get("/api/v1/sweeps/" + id).json();
  }
}
