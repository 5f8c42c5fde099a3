package dev.pedigree.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Real training through the embedded platform: a run that succeeds, one that is cancelled, live events. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class RunLifecycleTest extends EmbeddedPlatformTest {
  @LocalServerPort int port;

  @Test
  void shortRunSucceedsWithFallingLossAndACheckpointArtifact() {
    Http http = new Http(port);
    String id = submit(http, "succeeds", 60);

    JsonNode run = awaitEnd(http, id);

    assertThat(run.path("status").asString()).isEqualTo("SUCCEEDED");
    assertThat(run.path("progress").path("step").asLong()).isEqualTo(60);
    assertThat(run.path("startedAt").isNull()).isFalse();
    assertThat(run.path("finishedAt").isNull()).isFalse();
    JsonNode loss = http.get("/api/v1/runs/" + id + "/metrics?key=train/loss").json().path("series").get(0).path("points");
    assertThat(loss.size()).isEqualTo(60);
    assertThat(loss.get(59).get(1).asDouble()).isLessThan(loss.get(0).get(1).asDouble());
    JsonNode checkpoint = run.path("outputs").valueStream()
        .filter(artifact -> artifact.path("kind").asString().equals("checkpoint")).findFirst().orElseThrow();
    assertThat(checkpoint.path("sha256").asString()).matches("[0-9a-f]{64}");
    assertThat(checkpoint.path("bytes").asLong()).isPositive();
    assertThat(http.get("/api/v1/artifacts/" + checkpoint.path("id").asString()).json().path("uri").asString())
        .isEqualTo(checkpoint.path("uri").asString());
    assertThat(run.path("summary").path("val/loss").path("count").asLong()).isPositive();
    JsonNode lineage = http.get("/api/v1/artifacts/" + checkpoint.path("id").asString() + "/lineage?direction=up").json();
    assertThat(lineage.path("edges").valueStream().map(edge -> edge.path("relation").asString()).toList())
        .containsExactly("produced");
    assertThat(lineage.path("nodes").valueStream().map(node -> node.path("id").asString()).toList()).contains(id);
    JsonNode model = run.path("outputs").valueStream()
        .filter(artifact -> artifact.path("kind").asString().equals("model")).findFirst().orElseThrow();
    JsonNode modelLineage = http.get("/api/v1/artifacts/" + model.path("id").asString() + "/lineage?direction=up").json();
    assertThat(modelLineage.path("edges").valueStream().map(edge -> edge.path("relation").asString()).toList())
        .containsExactlyInAnyOrder("produced", "pretrained_on", "produced");
    assertThat(modelLineage.path("nodes").valueStream()
        .filter(node -> node.path("kind").asString().equals("dataset")).findFirst().orElseThrow()
        .path("name").asString()).isEqualTo("g-text");
    assertThat(http.get("/api/v1/artifacts/" + checkpoint.path("id").asString() + "/lineage?direction=sideways")
        .status()).isEqualTo(400);
  }

  @Test
  void reproducingARunTrainsTheSameModelBytes() {
    Http http = new Http(port);
    String original = submit(http, "original", 30);
    assertThat(awaitEnd(http, original).path("status").asString()).isEqualTo("SUCCEEDED");

    Http.Response reproduce = http.post("/api/v1/runs/" + original + "/reproduce", "", Http.ADMIN);
    assertThat(reproduce.status()).isEqualTo(202);
    String copy = reproduce.json().path("id").asString();
    assertThat(copy).isNotEqualTo(original);
    JsonNode reproduced = awaitEnd(http, copy);

    assertThat(reproduced.path("status").asString()).isEqualTo("SUCCEEDED");
    assertThat(reproduced.path("spec")).isEqualTo(http.get("/api/v1/runs/" + original).json().path("spec"));
    assertThat(modelSha256(reproduced)).isEqualTo(modelSha256(http.get("/api/v1/runs/" + original).json()));
    assertThat(http.post("/api/v1/runs/" + original + "/reproduce", "", Http.WORKER).status()).isEqualTo(403);

    String unknown = UUID.randomUUID().toString();
    JsonNode comparison =
        http.get("/api/v1/runs/compare?ids=" + original + "," + unknown + "," + copy + "&key=train/loss").json();
    assertThat(comparison.path("runs").valueStream().map(run -> run.path("id").asString()).toList())
        .containsExactly(original, copy);
    assertThat(comparison.path("missing").valueStream().map(JsonNode::asString).toList()).containsExactly(unknown);
    assertThat(comparison.path("keys").valueStream().map(JsonNode::asString).toList())
        .contains("train/loss").isSorted();
    assertThat(comparison.path("series").valueStream().map(curve -> curve.path("runId").asString()).toList())
        .containsExactly(original, copy);
    JsonNode originalLoss = comparison.path("series").get(0).path("points");
    assertThat(originalLoss.size()).isEqualTo(30);
    assertThat(comparison.path("series").get(1).path("points")).isEqualTo(originalLoss);
    assertThat(originalLoss).isEqualTo(
        http.get("/api/v1/runs/" + original + "/metrics?key=train/loss").json().path("series").get(0).path("points"));
    JsonNode timedLoss = http.get("/api/v1/runs/compare?ids=" + original + "," + copy + "&key=train/loss&times=true")
        .json().path("series").get(0).path("points");
    assertThat(timedLoss.size()).isEqualTo(30);
    for (int i = 0; i < 30; i++) {
      assertThat(timedLoss.get(i).size()).isEqualTo(3);
      assertThat(timedLoss.get(i).get(0)).isEqualTo(originalLoss.get(i).get(0));
      assertThat(timedLoss.get(i).get(2).asLong())
          .isBetween(System.currentTimeMillis() - 3_600_000, System.currentTimeMillis());
    }
    Http.Response badTimes = http.get("/api/v1/runs/compare?ids=" + original + "," + copy + "&times=1");
    assertThat(badTimes.status()).isEqualTo(400);
    assertThat(badTimes.json().path("errors").get(0).path("field").asString()).isEqualTo("times");
    Http.Response badId = http.get("/api/v1/runs/compare?ids=" + original + ",not-a-run");
    assertThat(badId.status()).isEqualTo(400);
    assertThat(badId.json().path("errors").get(0).path("field").asString()).isEqualTo("ids");
    String tooMany = String.join(",", Stream.generate(() -> UUID.randomUUID().toString()).limit(101).toList());
    assertThat(http.get("/api/v1/runs/compare?ids=" + tooMany).status()).isEqualTo(400);
  }

  @Test
  void lossReweightingRecordsEachSamplesLossAndWeightQueryableByStepAndBySample() {
    Http http = new Http(port);
    Http.Response submitted = http.post("/api/v1/runs", Http.json(Map.of("name", "reweighted", "kind", "pretrain",
        "spec", Map.of(
            "model", Map.of("layers", 1, "dModel", 32, "heads", 2, "contextLength", 32),
            "data", Map.of("domains", List.of(
                Map.of("name", "text", "weight", 0.5, "generator", "g-text", "documents", 200, "seed", 1),
                Map.of("name", "arith", "weight", 0.5, "generator", "g-arith", "documents", 200, "seed", 2))),
            "training", Map.of("steps", 20, "batchSize", 4, "evalEvery", 10, "checkpointEvery", 10),
            "selection", Map.of("strategy", "loss-reweighting", "scheme", "linupper")))), Http.ADMIN);
    String id = submitted.json().path("id").asString();
    assertThat(awaitEnd(http, id).path("status").asString()).isEqualTo("SUCCEEDED");

    JsonNode step7 = http.get("/api/v1/runs/" + id + "/samples?step=7").json();
    assertThat(step7.size()).as("one row per sample of the batch").isEqualTo(4);
    List<Double> contributions = step7.valueStream().map(row -> row.path("contribution").asDouble()).toList();
    assertThat(contributions).isSortedAccordingTo(java.util.Comparator.reverseOrder());
    assertThat(step7.valueStream().mapToDouble(row -> row.path("weight").asDouble()).sum()).isCloseTo(1.0,
        org.assertj.core.data.Offset.offset(1e-4));
    double[] weights = step7.valueStream().mapToDouble(row -> row.path("weight").asDouble()).sorted().toArray();
    JsonNode quantiles = http.get("/api/v1/runs/" + id + "/metrics?key=selection/sample_weight/p50"
        + "&key=selection/sample_weight/max").json().path("series");
    assertThat(quantiles.valueStream().map(series -> series.path("key").asString()))
        .containsExactlyInAnyOrder("selection/sample_weight/p50", "selection/sample_weight/max");
    for (JsonNode series : quantiles) {
      assertThat(series.path("points").size()).as("one point per step").isEqualTo(20);
      double expected = series.path("key").asString().endsWith("max") ? weights[3] : (weights[1] + weights[2]) / 2;
      assertThat(series.path("points").valueStream().filter(point -> point.get(0).asLong() == 7).findFirst()
          .orElseThrow().get(1).asDouble()).isCloseTo(expected, org.assertj.core.data.Offset.offset(1e-6));
    }
    long sample = step7.get(0).path("id").asLong();
    JsonNode history = http.get("/api/v1/runs/" + id + "/samples?sample=" + sample).json();
    assertThat(history.valueStream().map(row -> row.path("step").asLong()).toList()).contains(7L).isSorted();
    assertThat(http.get("/api/v1/runs/" + id + "/samples").status()).isEqualTo(400);
    Http.Response bad = http.post("/api/v1/runs/" + id + "/samples",
        "{\"attempt\":1,\"samples\":[{\"step\":0,\"slot\":0,\"id\":1,\"loss\":1.0,\"weight\":1.0}]}", Http.WORKER);
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.json().path("errors").get(0).path("field").asString()).isEqualTo("$.samples[0].step");
  }

  @Test
  void aMergeOfModelsOfDifferentShapesIsRefusedAtSubmissionNamingTheParent() {
    Http http = new Http(port);
    String narrow = submit(http, "narrow", 5);
    String wide = http.post("/api/v1/runs", Http.json(Map.of("name", "wide", "kind", "pretrain", "spec", Map.of(
        "model", Map.of("layers", 1, "dModel", 48, "heads", 2, "contextLength", 32),
        "data", Map.of("documents", 300), "training", Map.of("steps", 5, "batchSize", 4)))), Http.ADMIN)
        .json().path("id").asString();
    String narrowModel = modelId(awaitEnd(http, narrow));
    String wideModel = modelId(awaitEnd(http, wide));

    Http.Response refused = http.post("/api/v1/runs", Http.json(Map.of("name", "misfit", "kind", "merge", "spec",
        Map.of("method", "linear", "parents", List.of(narrowModel, wideModel)))), Http.ADMIN);

    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.contentType()).startsWith("application/problem+json");
    JsonNode error = refused.json().path("errors").get(0);
    assertThat(error.path("field").asString()).isEqualTo("$.spec.parents[1]");
    assertThat(error.path("message").asString()).contains("architecture").contains("\"dModel\":48");
    Http.Response merged = http.post("/api/v1/runs", Http.json(Map.of("name", "fit", "kind", "merge", "spec",
        Map.of("method", "linear", "parents", List.of(narrowModel, narrowModel)))), Http.ADMIN);
    assertThat(merged.status()).isEqualTo(202);
    JsonNode mergeRun = awaitEnd(http, merged.json().path("id").asString());
    assertThat(mergeRun.path("status").asString()).isEqualTo("SUCCEEDED");
    assertThat(mergeRun.path("inputs").valueStream().map(input -> input.path("id").asString()).toList())
        .containsExactly(narrowModel, narrowModel);
  }

  @Test
  void aTransplantMovesAByteModelOntoABpeDonorsTokenizerAndNamesAMissingDonor() {
    Http http = new Http(port);
    String base = modelId(awaitEnd(http, submit(http, "transplant-base", 5)));
    String donor = modelId(awaitEnd(http, http.post("/api/v1/runs", Http.json(Map.of("name", "transplant-donor",
        "kind", "pretrain", "spec", Map.of(
            "model", Map.of("layers", 1, "dModel", 16, "heads", 2, "contextLength", 32),
            "data", Map.of("documents", 300, "tokenizer", "bpe", "vocabSize", 300),
            "training", Map.of("steps", 5, "batchSize", 4)))), Http.ADMIN).json().path("id").asString()));

    Http.Response refused = http.post("/api/v1/runs", Http.json(Map.of("name", "no-donor", "kind", "merge", "spec",
        Map.of("method", "transplant", "base", base, "k", 8))), Http.ADMIN);
    Http.Response transplanted = http.post("/api/v1/runs", Http.json(Map.of("name", "transplant", "kind", "merge",
        "spec", Map.of("method", "transplant", "base", base, "donor", donor, "k", 8))), Http.ADMIN);

    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.contentType()).startsWith("application/problem+json");
    assertThat(refused.json().path("errors").valueStream().map(error -> error.path("field").asString()))
        .containsExactly("$.spec.donor");
    assertThat(transplanted.status()).isEqualTo(202);
    JsonNode run = awaitEnd(http, transplanted.json().path("id").asString());
    assertThat(run.path("status").asString()).isEqualTo("SUCCEEDED");
    assertThat(run.path("inputs").valueStream().map(input -> input.path("id").asString()).toList())
        .containsExactlyInAnyOrder(base, donor);
  }

  @Test
  void preselectLineageRunsFromSourcesAndReferencesThroughTheSelectedSubsetToTheModel() {
    Http http = new Http(port);
    List<String> references = new java.util.ArrayList<>();
    for (int i = 0; i < 3; i++) {
      references.add(modelId(awaitEnd(http, submit(http, "reference-" + i, 4 * (i + 1)))));
    }
    Map<String, Object> selection = Map.of("strategy", "preselect", "references", references, "fraction", 0.5);
    JsonNode run = preselectRun(http, "preselected", 10, selection);

    String model = modelId(run);
    Map<String, String> labels = new java.util.HashMap<>(Map.of(model, "the model"));
    for (int i = 0; i < references.size(); i++) {
      labels.put(references.get(i), "reference-" + i);
    }
    assertThat(upstreamEdges(http, model, labels)).containsExactlyInAnyOrder(
        "dataset preselect -pretrained_on-> the model",
        "dataset text -selected_from-> dataset preselect",
        "dataset arith -selected_from-> dataset preselect",
        "scorer preselect-scorer.safetensors -reference-> dataset preselect",
        "dataset target -reference-> scorer preselect-scorer.safetensors",
        "reference-0 -teacher-> scorer preselect-scorer.safetensors",
        "reference-1 -teacher-> scorer preselect-scorer.safetensors",
        "reference-2 -teacher-> scorer preselect-scorer.safetensors",
        "dataset g-text -pretrained_on-> reference-0",
        "dataset g-text -pretrained_on-> reference-1",
        "dataset g-text -pretrained_on-> reference-2");
    JsonNode scorer = run.path("outputs").valueStream()
        .filter(artifact -> artifact.path("kind").asString().equals("scorer")).findFirst().orElseThrow();
    assertThat(scorer.path("sha256").asString()).matches("[0-9a-f]{64}");
    assertThat(scorer.path("bytes").asLong()).isPositive();
    assertThat(scorer.path("metadata").path("scorer_spearman").asDouble())
        .isEqualTo(http.get("/api/v1/runs/" + run.path("id").asString()
            + "/metrics?key=selection/preselect/scorer_spearman").json()
            .path("series").get(0).path("points").get(0).get(1).asDouble());
  }

  @Test
  void thePreselectRandomArmSelectsFromItsSourcesWithoutAScorerAndKeepsTheTargetOnTheModel() {
    Http http = new Http(port);
    JsonNode run = preselectRun(http, "random-arm", 4,
        Map.of("strategy", "preselect", "scorer", "random", "fraction", 0.5));

    String model = modelId(run);
    assertThat(upstreamEdges(http, model, Map.of(model, "the model"))).containsExactlyInAnyOrder(
        "dataset preselect -pretrained_on-> the model",
        "dataset text -selected_from-> dataset preselect",
        "dataset arith -selected_from-> dataset preselect",
        "dataset target -pretrained_on-> the model");
    assertThat(run.path("outputs").valueStream().map(artifact -> artifact.path("kind").asString()))
        .doesNotContain("scorer");
  }

  @Test
  void aSubsetRecipeThatCannotNameItsSourcesIsRefusedAsAProblem() {
    Http http = new Http(port);
    String id = submit(http, "recipe-owner", 2);
    awaitEnd(http, id);

    Http.Response refused = http.post("/api/v1/runs/" + id + "/artifacts", Http.json(Map.of("kind", "dataset",
        "name", "subset", "uri", "selected:preselect/0", "sha256", "0".repeat(64), "bytes", 0, "format", "selected",
        "metadata", Map.of("recipe", Map.of("fromSources", "text", "target", List.of(), "references", List.of(7))))),
        Http.WORKER);

    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.contentType()).startsWith("application/problem+json");
    assertThat(refused.json().path("errors").valueStream().map(error -> error.path("field").asString()))
        .containsExactly("$.metadata.recipe.fromSources", "$.metadata.recipe.target", "$.metadata.recipe.references");
  }

  @Test
  void cancelStopsARunningTrainingAfterAFinalCheckpoint() {
    Http http = new Http(port);
    String id = submit(http, "cancel-me", 1_000_000);
    await().atMost(Duration.ofMinutes(1)).until(() ->
        http.get("/api/v1/runs/" + id).json().path("progress").path("step").asLong() > 3);

    Http.Response cancel = http.post("/api/v1/runs/" + id + "/cancel", "", Http.ADMIN);
    assertThat(cancel.status()).isEqualTo(202);
    JsonNode run = awaitEnd(http, id);

    assertThat(run.path("status").asString()).isEqualTo("CANCELLED");
    assertThat(run.path("outputs").valueStream().map(a -> a.path("kind").asString()).toList()).contains("checkpoint");
    assertThat(http.post("/api/v1/runs/" + id + "/cancel", "", Http.ADMIN).json().path("status").asString())
        .isEqualTo("CANCELLED");
  }

  /** Metric points stream as [step, value], or with their wall time as a third element for times=true. */
  @Test
  void eventsStreamStatusAndNewMetricPoints() throws Exception {
    Http http = new Http(port);
    String id = submit(http, "watched", 40);
    HttpResponse<java.io.InputStream> stream = events(id, "");
    HttpResponse<java.io.InputStream> timed = events(id, "?times=true");
    assertThat(stream.headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");

    assertThat(firstMetricPoint(stream).size()).isEqualTo(2);
    JsonNode timedPoint = firstMetricPoint(timed);
    assertThat(timedPoint.size()).isEqualTo(3);
    assertThat(timedPoint.get(2).asLong()).isBetween(System.currentTimeMillis() - 600_000, System.currentTimeMillis());
    awaitEnd(http, id);
  }

  private HttpResponse<java.io.InputStream> events(String runId, String query) throws Exception {
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + port + "/api/v1/runs/" + runId + "/events" + query)).build(),
        HttpResponse.BodyHandlers.ofInputStream());
  }

  /** Reads the stream up to its first metrics event (after a status event); answers that event's first point. */
  private static JsonNode firstMetricPoint(HttpResponse<java.io.InputStream> stream) throws Exception {
    List<String> events = new java.util.ArrayList<>();
    try (BufferedReader reader = new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = reader.readLine()) != null) {
        if (line.startsWith("event:")) {
          events.add(line.substring(6).trim());
        } else if (line.startsWith("data:") && !events.isEmpty() && events.get(events.size() - 1).equals("metrics")) {
          assertThat(events).contains("status");
          return JsonMapper.builder().build().readTree(line.substring(5)).path("series").get(0).path("points").get(0);
        }
      }
    }
    throw new AssertionError("no metrics event, only " + events);
  }

  /** A finished pretrain run that selects from two generated domains, scored against a g-arith target set. */
  private static JsonNode preselectRun(Http http, String name, int steps, Map<String, Object> selection) {
    Http.Response submitted = http.post("/api/v1/runs", Http.json(Map.of("name", name, "kind", "pretrain",
        "spec", Map.of(
            "model", Map.of("layers", 1, "dModel", 32, "heads", 2, "contextLength", 32),
            "data", Map.of("domains", List.of(
                Map.of("name", "text", "generator", "g-text", "documents", 100, "seed", 1),
                Map.of("name", "arith", "generator", "g-arith", "documents", 100, "seed", 2)),
                "target", Map.of("name", "target", "generator", "g-arith", "documents", 60, "seed", 3)),
            "training", Map.of("steps", steps, "batchSize", 4, "evalEvery", steps, "checkpointEvery", steps),
            "selection", selection))), Http.ADMIN);
    assertThat(submitted.status()).as(submitted.json().toString()).isEqualTo(202);
    JsonNode run = awaitEnd(http, submitted.json().path("id").asString());
    assertThat(run.path("status").asString()).as(run.path("error").asString()).isEqualTo("SUCCEEDED");
    return run;
  }

  private static String submit(Http http, String name, int steps) {
    Http.Response response = http.post("/api/v1/runs", Http.json(Map.of("name", name, "kind", "pretrain", "spec", Map.of(
        "model", Map.of("layers", 1, "dModel", 32, "heads", 2, "contextLength", 32),
        "data", Map.of("documents", 300),
        "training", Map.of("steps", steps, "batchSize", 4, "evalEvery", 20, "checkpointEvery", 20)))), Http.ADMIN);
    assertThat(response.status()).isEqualTo(202);
    return response.json().path("id").asString();
  }

  /**
   * The edges upstream of an artifact other than {@code produced}, as "from -relation-> to", each end named by its
   * label when it has one, else by its kind and name.
   */
  private static List<String> upstreamEdges(Http http, String artifact, Map<String, String> labels) {
    JsonNode lineage = http.get("/api/v1/artifacts/" + artifact + "/lineage?direction=up").json();
    Map<String, String> names = new java.util.HashMap<>();
    lineage.path("nodes").valueStream().forEach(node -> names.put(node.path("id").asString(),
        node.path("kind").asString() + " " + node.path("name").asString()));
    names.putAll(labels);
    return lineage.path("edges").valueStream()
        .filter(edge -> !edge.path("relation").asString().equals("produced"))
        .map(edge -> names.get(edge.path("from").asString()) + " -" + edge.path("relation").asString() + "-> "
            + names.get(edge.path("to").asString()))
        .toList();
  }

  private static String modelId(JsonNode run) {
    return run.path("outputs").valueStream().filter(artifact -> artifact.path("kind").asString().equals("model"))
        .findFirst().orElseThrow().path("id").asString();
  }

  private static String modelSha256(JsonNode run) {
    return run.path("outputs").valueStream().filter(artifact -> artifact.path("kind").asString().equals("model"))
        .findFirst().orElseThrow().path("sha256").asString();
  }

  private static JsonNode awaitEnd(Http http, String id) {
    await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(300)).until(() ->
        !List.of("QUEUED", "RUNNING").contains(http.get("/api/v1/runs/" + id).json().path("status").asString()));
    return http.get("/api/v1/runs/" + id).json();
  }
}
