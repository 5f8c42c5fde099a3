package dev.pedigree.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * Population-based training through the embedded platform with real training: two members, three generations of ten
 * steps. With two members the bottom quantile is one member, so in each later generation one member exploits the
 * other: its run continues the other's checkpoint with the learning rate perturbed by 0.8 or 1.2.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class PbtSweepTest extends EmbeddedPlatformTest {
  private static final int POPULATION = 2;
  private static final int INTERVAL = 10;

  @LocalServerPort int port;

  @Test
  void theBottomMemberContinuesTheTopMembersCheckpointWithItsLearningRatePerturbed() {
    Http http = new Http(port);
    String body = Http.json(Map.of("name", "pbt", "kind", "pretrain",
        "spec", Map.of("model", Map.of("layers", 1, "dModel", 32, "heads", 2, "contextLength", 32),
            "data", Map.of("documents", 200),
            "training", Map.of("batchSize", 4, "warmupSteps", 0, "evalEvery", INTERVAL, "checkpointEvery", INTERVAL)),
        "method", "pbt", "seed", 3, "parallelism", 2,
        "parameters", Map.of("training.learningRate", Map.of("min", 1e-5, "max", 3e-2, "scale", "log")),
        "pbt", Map.of("population", POPULATION, "interval", INTERVAL, "generations", 3, "resampleProbability", 0),
        "objective", Map.of("metric", "val/loss", "goal", "minimize")));
    Http.Response submitted = http.post("/api/v1/sweeps", body, Http.ADMIN);
    assertThat(submitted.status()).as(submitted.json().toString()).isEqualTo(202);
    String id = submitted.json().path("id").asString();

    JsonNode sweep = SweepLifecycleTest.awaitEnd(http, id);

    assertThat(sweep.path("status").asString()).as(sweep.toString()).isEqualTo("SUCCEEDED");
    assertThat(sweep.path("method").asString()).isEqualTo("pbt");
    assertThat(sweep.path("counts").path("succeeded").asInt()).isEqualTo(6);
    List<JsonNode> trials = sweep.path("trials").valueStream().toList();
    int exploits = 0;
    for (JsonNode trial : trials.subList(POPULATION, trials.size())) {
      int number = trial.path("trial").asInt();
      JsonNode member = trial.path("pbt");
      int generation = member.path("generation").asInt();
      assertThat(generation).isEqualTo((number - 1) / POPULATION);
      JsonNode before = trials.subList((generation - 1) * POPULATION, generation * POPULATION).stream()
          .min((a, b) -> Double.compare(a.path("objective").asDouble(), b.path("objective").asDouble()))
          .orElseThrow();
      JsonNode parent = trials.get(member.path("parentTrial").asInt() - 1);
      double learningRate = trial.path("params").path("training.learningRate").asDouble();
      double parentRate = parent.path("params").path("training.learningRate").asDouble();
      if (member.path("exploited").asBoolean()) {
        exploits++;
        assertThat(parent).as("the bottom member exploits the top one").isEqualTo(before);
        assertThat(List.of(parentRate * 0.8, parentRate * 1.2)).anySatisfy(rate ->
            assertThat(learningRate).isCloseTo(rate, within(rate * 1e-9)));
      } else {
        assertThat(parent.path("pbt").path("member").asInt()).isEqualTo(member.path("member").asInt());
        assertThat(parent).as("the top member continues itself").isEqualTo(before);
        assertThat(learningRate).isEqualTo(parentRate);
      }
      assertContinues(http, trial, parent, generation);
    }
    assertThat(exploits).as("one exploit per later generation").isEqualTo(2);
    assertThat(sweep.path("best").path("trial").asInt()).isGreaterThan(4);

    Http.Response refused = http.post("/api/v1/runs", Http.json(Map.of("name", "another-model", "kind", "pretrain",
        "spec", Map.of("model", Map.of("layers", 2, "dModel", 32, "heads", 2, "contextLength", 32),
            "data", Map.of("documents", 200), "training", Map.of("steps", 3 * INTERVAL, "batchSize", 4),
            "segment", Map.of("checkpoint", checkpointOf(http, trials.get(5)))))), Http.ADMIN);
    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.json().path("errors").valueStream().map(error -> error.path("field").asString()))
        .as("a checkpoint of another model, at the step the run would stop at")
        .containsExactly("$.spec.segment.checkpoint", "$.spec.segment.untilStep");
  }

  /** The trial's run starts from the parent run's last checkpoint, and its model has that lineage edge. */
  private static void assertContinues(Http http, JsonNode trial, JsonNode parent, int generation) {
    JsonNode run = http.get("/api/v1/runs/" + trial.path("runId").asString()).json();
    String checkpoint = checkpointOf(http, parent);
    assertThat(run.path("spec").path("segment").path("checkpoint").asString()).isEqualTo(checkpoint);
    assertThat(run.path("spec").path("training").path("steps").asInt()).isEqualTo(3 * INTERVAL);
    assertThat(run.path("progress").path("step").asLong()).isEqualTo((generation + 1L) * INTERVAL);
    assertThat(run.path("attempts").get(0).path("fromStep").asLong()).isEqualTo((long) generation * INTERVAL);
    String model = run.path("outputs").valueStream()
        .filter(artifact -> artifact.path("kind").asString().equals("model"))
        .map(artifact -> artifact.path("id").asString())
        .findFirst().orElseThrow();
    JsonNode lineage = http.get("/api/v1/artifacts/" + model + "/lineage?direction=up&depth=1").json();
    assertThat(lineage.path("edges").valueStream()
        .filter(edge -> edge.path("relation").asString().equals("continued_from"))
        .map(edge -> edge.path("from").asString()))
        .containsExactly(checkpoint);
  }

  /** The last checkpoint of the trial's run: each run here writes one, where its generation ends. */
  private static String checkpointOf(Http http, JsonNode trial) {
    return http.get("/api/v1/runs/" + trial.path("runId").asString()).json().path("outputs").valueStream()
        .filter(artifact -> artifact.path("kind").asString().equals("checkpoint"))
        .map(artifact -> artifact.path("id").asString())
        .findFirst().orElseThrow();
  }

  @Test
  void aPbtSweepThatCannotContinueCheckpointsIsRefusedByPath() {
    Http http = new Http(port);
    String body = Http.json(Map.of("name", "bad", "kind", "pretrain",
        "spec", Map.of("training", Map.of("steps", 50), "segment", Map.of("untilStep", 10)),
        "method", "pbt", "parameters", Map.of("model.layers", Map.of("values", List.of(1, 2))),
        "pbt", Map.of("population", 2, "interval", 10, "generations", 3),
        "objective", Map.of("metric", "val/loss", "goal", "minimize"),
        "earlyStopping", Map.of("rule", "median")));

    Http.Response refused = http.post("/api/v1/sweeps", body, Http.ADMIN);

    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.json().path("errors").valueStream().map(error -> error.path("field").asString()))
        .containsExactlyInAnyOrder("$.earlyStopping", "$.spec.segment", "$.spec.training.steps",
            "$.parameters['model.layers']");
  }
}
