package dev.pedigree.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * Runs and pipelines that name their models by registry reference: resolved at submission, so the stored spec holds
 * the artifact id and a reproduction uses it whatever the alias names later; each input records the reference.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class RegistryReferenceTest extends EmbeddedPlatformTest {
  @LocalServerPort int port;
  @Autowired DataSource dataSource;

  @Test
  void aMergeOfTheChampionStoresItsArtifactAndItsReproductionKeepsItAfterTheAliasMoves() {
    Http http = new Http(port);
    String name = "tiny-" + UUID.randomUUID().toString().substring(0, 8);
    JsonNode trained = TinyModel.train(http, "registry-source");
    String model = TinyModel.output(trained, "model").path("id").asString();
    http.post("/api/v1/models", Http.json(Map.of("name", name)), Http.ADMIN);
    http.post("/api/v1/models/" + name + "/versions", Http.json(Map.of("artifact", model)), Http.ADMIN);
    http.send("PUT", "/api/v1/models/" + name + "/aliases/champion", Http.json(Map.of("version", 1)), Http.ADMIN);

    Http.Response submitted = http.post("/api/v1/runs", Http.json(Map.of("name", "merge-champion", "kind", "merge",
        "spec", Map.of("method", "linear", "parents", List.of("models:/" + name + "@champion", "models:/" + name
            + "/1")))), Http.ADMIN);
    assertThat(submitted.status()).as(submitted.json().toString()).isEqualTo(202);
    String mergeId = submitted.json().path("id").asString();
    JsonNode merge = awaitEnd(http, mergeId);
    JsonNode pipeline = awaitPipeline(http, http.post("/api/v1/pipelines", Http.json(Map.of("name", "from-registry",
        "stages", List.of(Map.of("name", "soup", "kind", "merge", "spec", Map.of("method", "linear",
            "parents", List.of("models:/" + name + "/1", "models:/" + name + "@latest")))))), Http.ADMIN)
        .json().path("id").asString());
    assertThat(pipeline.path("spec").path("stages").get(0).path("spec").path("parents").valueStream()
        .map(JsonNode::asString)).containsExactly(model, model);
    JsonNode stageRun = http.get("/api/v1/runs/" + pipeline.path("stages").get(0).path("runId").asString()).json();
    assertThat(stageRun.path("inputs").valueStream().map(input -> input.path("registry").asString() + " v"
        + input.path("version").asInt()))
        .containsExactly("models:/" + name + "/1 v1", "models:/" + name + "@latest v1");
    String other = http.post("/api/v1/runs/" + trained.path("id").asString() + "/artifacts", Http.json(Map.of(
        "kind", "model", "name", "other", "uri", "file:///nowhere/other", "sha256", "1".repeat(64), "bytes", 1,
        "format", "safetensors")), Http.WORKER).json().path("id").asString();
    http.post("/api/v1/models/" + name + "/versions", Http.json(Map.of("artifact", other)), Http.ADMIN);
    http.send("PUT", "/api/v1/models/" + name + "/aliases/champion", Http.json(Map.of("version", 2)), Http.ADMIN);
    Http.Response reproduced = http.post("/api/v1/runs/" + mergeId + "/reproduce", "", Http.ADMIN);

    assertThat(merge.path("status").asString()).isEqualTo("SUCCEEDED");
    assertThat(merge.path("spec").path("parents").valueStream().map(JsonNode::asString))
        .containsExactly(model, model);
    assertThat(merge.path("inputs").valueStream().map(input -> input.path("id").asString() + " "
        + input.path("registry").asString() + " v" + input.path("version").asInt()))
        .containsExactly(model + " models:/" + name + "@champion v1", model + " models:/" + name + "/1 v1");
    assertThat(reproduced.status()).isEqualTo(202);
    JsonNode copy = awaitEnd(http, reproduced.json().path("id").asString());
    assertThat(copy.path("status").asString()).isEqualTo("SUCCEEDED");
    assertThat(copy.path("spec").path("parents").valueStream().map(JsonNode::asString)).containsExactly(model, model);
    assertThat(copy.path("inputs").valueStream().map(input -> input.path("id").asString()))
        .containsExactly(model, model);
    JsonNode lineage = http.get("/api/v1/artifacts/" + TinyModel.output(merge, "model").path("id").asString()
        + "/lineage?direction=up&depth=1").json();
    assertThat(lineage.path("edges").valueStream().map(edge -> edge.path("relation").asString()))
        .contains("merged_from");
  }

  @Test
  void aReferenceThatNamesNothingOrSitsWhereNoModelGoesIsRefusedNamingTheSpecField() {
    Http http = new Http(port);
    String name = "empty-" + UUID.randomUUID().toString().substring(0, 8);
    http.post("/api/v1/models", Http.json(Map.of("name", name)), Http.ADMIN);
    String versioned = "one-" + UUID.randomUUID().toString().substring(0, 8);
    http.post("/api/v1/models", Http.json(Map.of("name", versioned)), Http.ADMIN);
    http.post("/api/v1/models/" + versioned + "/versions", Http.json(Map.of("artifact",
        new FakeArtifacts(http, JdbcClient.create(dataSource)).register("model", "m"))), Http.ADMIN);

    Http.Response refused = http.post("/api/v1/runs", Http.json(Map.of("name", "nothing", "kind", "merge",
        "spec", Map.of("method", "linear", "parents", List.of("models:/" + name + "@champion",
            "models:/no-such-" + name + "/1", "models:/" + name + "/1", "models:/bad name")))), Http.ADMIN);
    Http.Response stage = http.post("/api/v1/pipelines", Http.json(Map.of("name", "nothing", "stages", List.of(
        Map.of("name", "s", "kind", "rl", "spec", Map.of("base", "models:/" + name + "@latest"))))), Http.ADMIN);

    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.json().path("errors").valueStream().map(error -> error.path("field").asString()))
        .containsExactly("$.spec.parents[0]", "$.spec.parents[1]", "$.spec.parents[2]", "$.spec.parents[3]");
    assertThat(refused.json().path("errors").get(0).path("message").asString()).contains("no alias 'champion'");
    Http.Response misplaced = http.post("/api/v1/runs", Http.json(Map.of("name", "misplaced", "kind", "pretrain",
        "spec", Map.of("data", Map.of("files", List.of("/nowhere/a.txt"), "cacheDir", "models:/" + versioned + "/1")))),
        Http.ADMIN);
    assertThat(misplaced.status()).isEqualTo(400);
    assertThat(misplaced.json().path("errors").get(0).path("field").asString()).isEqualTo("$.spec.data.cacheDir");
    assertThat(misplaced.json().path("errors").get(0).path("message").asString()).startsWith("takes no model");
    assertThat(stage.status()).isEqualTo(400);
    assertThat(stage.json().path("errors").get(0).path("field").asString()).isEqualTo("$.stages[0].spec.base");
  }

  @Test
  void everyTrialOfASweepTrainsFromTheArtifactItsBaseSpecNamedByRegistryReference() {
    Http http = new Http(port);
    String name = "swept-" + UUID.randomUUID().toString().substring(0, 8);
    String model = TinyModel.output(TinyModel.train(http, "sweep-source"), "model").path("id").asString();
    http.post("/api/v1/models", Http.json(Map.of("name", name)), Http.ADMIN);
    http.post("/api/v1/models/" + name + "/versions", Http.json(Map.of("artifact", model)), Http.ADMIN);
    http.send("PUT", "/api/v1/models/" + name + "/aliases/champion", Http.json(Map.of("version", 1)), Http.ADMIN);
    Map<String, Object> spec = Map.of("method", "task-arithmetic", "base", "models:/" + name + "/1",
        "parents", List.of("models:/" + name + "@champion"), "weights", List.of(1.0), "scale", 1.0);
    Map<String, Object> sweep = Map.of("name", "scales", "kind", "merge", "spec", spec, "method", "grid",
        "parameters", Map.of("scale", Map.of("values", List.of(0.5, 1.0))),
        "objective", Map.of("metric", "train/loss", "goal", "minimize"));

    Http.Response submitted = http.post("/api/v1/sweeps", Http.json(sweep), Http.ADMIN);
    Http.Response nothing = http.post("/api/v1/sweeps", Http.json(Map.of("name", "scales", "kind", "merge",
        "spec", Map.of("method", "linear", "parents", List.of("models:/" + name + "@nobody")), "method", "grid",
        "parameters", Map.of("weights", Map.of("values", List.of(List.of(1.0)))),
        "objective", Map.of("metric", "train/loss", "goal", "minimize"))), Http.ADMIN);

    assertThat(submitted.status()).as(submitted.json().toString()).isEqualTo(202);
    String id = submitted.json().path("id").asString();
    await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(300)).until(() ->
        !List.of("QUEUED", "RUNNING").contains(http.get("/api/v1/sweeps/" + id).json().path("status").asString()));
    assertThat(http.get("/api/v1/sweeps/" + id).json().path("status").asString()).isEqualTo("SUCCEEDED");
    JsonNode trials = http.get("/api/v1/runs?sweep=" + id).json().path("items");
    assertThat(trials.size()).isEqualTo(2);
    for (JsonNode trial : trials) {
      JsonNode run = http.get("/api/v1/runs/" + trial.path("id").asString()).json();
      assertThat(run.path("spec").path("base").asString()).isEqualTo(model);
      assertThat(run.path("spec").path("parents").valueStream().map(JsonNode::asString)).containsExactly(model);
    }
    assertThat(nothing.status()).isEqualTo(400);
    assertThat(nothing.json().path("errors").get(0).path("field").asString()).isEqualTo("$.spec.parents[0]");
  }

  private static JsonNode awaitEnd(Http http, String id) {
    await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(300)).until(() ->
        !List.of("QUEUED", "RUNNING").contains(http.get("/api/v1/runs/" + id).json().path("status").asString()));
    return http.get("/api/v1/runs/" + id).json();
  }

  private static JsonNode awaitPipeline(Http http, String id) {
    await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(300)).until(() ->
        !List.of("QUEUED", "RUNNING").contains(http.get("/api/v1/pipelines/" + id).json().path("status").asString()));
    JsonNode pipeline = http.get("/api/v1/pipelines/" + id).json();
    assertThat(pipeline.path("status").asString()).as(pipeline.toString()).isEqualTo("SUCCEEDED");
    return pipeline;
  }
}
