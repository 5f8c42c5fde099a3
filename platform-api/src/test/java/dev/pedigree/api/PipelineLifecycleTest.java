package dev.pedigree.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import dev.pedigree.workflows.pipeline.GateDecision;
import dev.pedigree.workflows.pipeline.PipelineActivities;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/** Pipelines through the embedded platform with real training: a stage that fails, a retry that reuses, a cancel. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class PipelineLifecycleTest extends EmbeddedPlatformTest {
  @LocalServerPort int port;
  @Autowired PipelineActivities ledger;
  @TempDir Path data;

  private static Map<String, Object> pretrain(int steps, Map<String, Object> dataSpec) {
    return Map.of(
        "model", Map.of("layers", 1, "dModel", 32, "heads", 2, "contextLength", 32),
        "data", dataSpec,
        "training", Map.of("steps", steps, "batchSize", 4, "evalEvery", 10, "checkpointEvery", 10));
  }

  private static Map<String, Object> stage(String name, Map<String, Object> spec, List<String> after) {
    return Map.of("name", name, "kind", "pretrain", "spec", spec, "after", after);
  }

  @Test
  void aFailedThirdStageIsRetriedWithoutRerunningTheFirstTwo() throws IOException {
    Http http = new Http(port);
    Path later = data.resolve("arrives-later.txt");
    Map<String, Object> generated = Map.of("generator", "g-arith", "documents", 200);
    String body = Http.json(Map.of("name", "three stages", "stages", List.of(
        stage("first", pretrain(20, generated), List.of()),
        stage("second", pretrain(20, generated), List.of("first")),
        stage("third", pretrain(20, Map.of("files", List.of(later.toString()))), List.of("second")))));

    Http.Response submitted = http.post("/api/v1/pipelines", body, Http.ADMIN);
    assertThat(submitted.status()).isEqualTo(202);
    String id = submitted.json().path("id").asString();

    JsonNode failed = awaitEnd(http, id);
    assertThat(failed.path("status").asString()).isEqualTo("FAILED");
    assertThat(failed.path("error").asString()).contains("stage third FAILED");
    assertThat(statuses(failed)).containsExactly("SUCCEEDED", "SUCCEEDED", "FAILED");
    JsonNode thirdRun = http.get("/api/v1/runs/" + failed.path("stages").get(2).path("runId").asString()).json();
    assertThat(thirdRun.path("error").asString()).contains("does not exist");
    assertThat(thirdRun.path("attempts").size()).as("a missing file is not retried").isLessThanOrEqualTo(1);
    Files.writeString(later, "12+30=42\n7+5=12\n".repeat(100));
    Http.Response retried = http.post("/api/v1/pipelines/" + id + "/retry", "", Http.ADMIN);
    assertThat(retried.status()).isEqualTo(202);
    JsonNode done = awaitEnd(http, id);

    assertThat(done.path("status").asString()).isEqualTo("SUCCEEDED");
    assertThat(statuses(done)).containsExactly("SUCCEEDED", "SUCCEEDED", "SUCCEEDED");
    for (int stage = 0; stage < 2; stage++) {
      JsonNode before = failed.path("stages").get(stage);
      JsonNode after = done.path("stages").get(stage);
      assertThat(after.path("runs").size()).as("stage %d ran once", stage).isEqualTo(1);
      assertThat(after.path("runId")).isEqualTo(before.path("runId"));
      assertThat(after.path("model")).isEqualTo(before.path("model"));
    }
    assertThat(done.path("stages").get(2).path("runs").size()).isEqualTo(2);
    assertThat(done.path("stages").get(2).path("model").asString()).matches("[0-9a-f-]{36}");
    assertThat(http.post("/api/v1/pipelines/" + id + "/retry", "", Http.ADMIN).status()).isEqualTo(409);
    double runsDeviceSeconds = done.path("stages").valueStream().flatMap(stage -> stage.path("runs").valueStream())
        .mapToDouble(run -> http.get("/api/v1/runs/" + run.asString()).json().path("usage").path("deviceSeconds")
            .asDouble())
        .sum();
    assertThat(done.path("usage").path("deviceSeconds").asDouble()).as("the device time of its four runs")
        .isPositive().isCloseTo(runsDeviceSeconds, within(0.003));
  }

  @Test
  void theDemoPipelineMakesAModelWhoseLineageReachesTheGeneratedDatasetsThroughEveryStage() throws IOException {
    Http http = new Http(port);
    String body;
    try (var in = getClass().getResourceAsStream("/examples/pipelines/demo.json")) {
      body = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    }
    String id = http.post("/api/v1/pipelines", body, Http.ADMIN).json().path("id").asString();
    JsonNode pipeline = awaitEnd(http, id);
    assertThat(pipeline.path("status").asString()).as(pipeline.path("error").asString()).isEqualTo("SUCCEEDED");
    String model = pipeline.path("stages").get(3).path("model").asString();
    JsonNode registered = pipeline.path("stages").get(4).path("registered");
    assertThat(registered.path("name").asString()).isEqualTo("demo-arith");
    assertThat(registered.path("model").asString()).isEqualTo(model);
    assertThat(http.get("/api/v1/models/demo-arith/aliases/champion").json().path("artifact").path("id").asString())
        .isEqualTo(model);

    JsonNode lineage = http.get("/api/v1/artifacts/" + model + "/lineage?direction=up&depth=20").json();
    assertThat(lineage.path("edges").valueStream().map(edge -> edge.path("relation").asString()).distinct())
        .contains("merged_from", "teacher", "distilled_into", "rl_from", "pretrained_on", "produced");
    assertThat(lineage.path("nodes").valueStream().filter(node -> node.path("type").asString().equals("run"))
        .map(node -> node.path("kind").asString())).containsExactlyInAnyOrder("pretrain", "rl", "distill", "merge");
    assertThat(lineage.path("nodes").valueStream().filter(node -> node.path("kind").asString().equals("dataset"))
        .map(node -> node.path("name").asString())).contains("text", "arith-add", "arith-mul", "target");

    String mergeRun = pipeline.path("stages").get(3).path("runId").asString();
    String reproduced = http.post("/api/v1/runs/" + mergeRun + "/reproduce", "", Http.ADMIN).json().path("id").asString();
    await().atMost(Duration.ofMinutes(2)).until(() ->
        http.get("/api/v1/runs/" + reproduced).json().path("status").asString().equals("SUCCEEDED"));
    assertThat(modelSha256(http, reproduced)).isEqualTo(modelSha256(http, mergeRun));
  }

  @Test
  void cancellingAPipelineCancelsItsRunningStage() {
    Http http = new Http(port);
    String body = Http.json(Map.of("name", "long", "stages", List.of(
        stage("forever", pretrain(1_000_000, Map.of("documents", 200)), List.of()))));
    String id = http.post("/api/v1/pipelines", body, Http.ADMIN).json().path("id").asString();
    await().atMost(Duration.ofMinutes(1)).until(() -> {
      String runId = http.get("/api/v1/pipelines/" + id).json().path("stages").get(0).path("runId").asString();
      return !runId.isEmpty() && http.get("/api/v1/runs/" + runId).json().path("progress").path("step").asLong() > 2;
    });

    assertThat(http.post("/api/v1/pipelines/" + id + "/cancel", "", Http.ADMIN).status()).isEqualTo(202);
    JsonNode cancelled = awaitEnd(http, id);

    assertThat(cancelled.path("status").asString()).isEqualTo("CANCELLED");
    String runId = cancelled.path("stages").get(0).path("runId").asString();
    await().atMost(Duration.ofMinutes(1)).until(() ->
        http.get("/api/v1/runs/" + runId).json().path("status").asString().equals("CANCELLED"));
  }

  @Test
  void nothingRunsPastAGateUntilAPersonApprovesItAndTheApprovedModelIsRegistered() {
    Http http = new Http(port);
    Map<String, Object> generated = Map.of("generator", "g-arith", "documents", 200);
    String registryName = "gated-" + java.util.UUID.randomUUID().toString().substring(0, 8);
    String body = Http.json(Map.of("name", "gated", "stages", List.of(
        stage("train", pretrain(10, generated), List.of()),
        Map.of("name", "review", "gate", "Did train's loss fall?", "after", List.of("train")),
        stage("after", pretrain(10, generated), List.of("review")),
        Map.of("name", "promote", "register", Map.of("model", "${stages.after.model}", "name", registryName,
            "alias", "champion")))));
    String id = http.post("/api/v1/pipelines", body, Http.ADMIN).json().path("id").asString();
    String approve = "/api/v1/pipelines/" + id + "/gates/review/approve";

    JsonNode waiting = awaitGate(http, id, "WAITING");
    assertThat(statuses(waiting)).containsExactly("SUCCEEDED", "WAITING", "PENDING", "PENDING");
    assertThat(waiting.path("stages").get(1).path("gate").path("question").asString())
        .isEqualTo("Did train's loss fall?");
    assertThat(waiting.path("stagesSucceeded").asInt()).isEqualTo(1);
    assertThat(waiting.path("waitingGates").valueStream().map(JsonNode::asString)).containsExactly("review");
    assertThat(http.get("/api/v1/pipelines").json().valueStream()
        .filter(listed -> listed.path("id").asString().equals(id)).findFirst().orElseThrow()
        .path("waitingGates").valueStream().map(JsonNode::asString)).containsExactly("review");
    assertThat(http.post(approve, "", Http.WORKER).status()).isEqualTo(403);
    assertProblem(http.post("/api/v1/pipelines/" + id + "/gates/nope/approve", "", Http.ADMIN), 404, "nope");
    assertProblem(http.post("/api/v1/pipelines/" + id + "/gates/after/approve", "", Http.ADMIN), 409, "not a gate");
    Http.Response badComment = http.post(approve, "{\"comment\": 3}", Http.ADMIN);
    assertThat(badComment.status()).isEqualTo(400);
    assertThat(badComment.json().path("errors").get(0).path("field").asString()).isEqualTo("$.comment");
    assertThat(http.get("/api/v1/pipelines/" + id).json().path("stages").get(2).path("runs").size())
        .as("the stage after the gate has not started").isZero();

    assertThat(http.post(approve, "{\"comment\": \"loss fell from 5.5\"}", Http.ADMIN).status()).isEqualTo(202);
    JsonNode done = awaitEnd(http, id);

    assertThat(done.path("status").asString()).as(done.path("error").asString()).isEqualTo("SUCCEEDED");
    assertThat(statuses(done)).containsExactly("SUCCEEDED", "APPROVED", "SUCCEEDED", "SUCCEEDED");
    JsonNode gate = done.path("stages").get(1).path("gate");
    assertThat(gate.path("decidedBy").asString()).isEqualTo("bootstrap-admin");
    assertThat(gate.path("comment").asString()).isEqualTo("loss fell from 5.5");
    assertThat(done.path("stagesSucceeded").asInt()).isEqualTo(done.path("stagesTotal").asInt()).isEqualTo(4);
    assertThat(done.has("waitingGates")).isFalse();
    String approvedModel = done.path("stages").get(2).path("model").asString();
    JsonNode promote = done.path("stages").get(3);
    assertThat(promote.path("model").asString()).isEqualTo(approvedModel);
    assertThat(promote.path("registered").path("version").asInt()).isEqualTo(1);
    JsonNode champion = http.get("/api/v1/models/" + registryName + "/aliases/champion").json();
    assertThat(champion.path("artifact").path("id").asString()).isEqualTo(approvedModel);
    assertThat(champion.path("createdBy").asString()).isEqualTo("pipeline " + id + " stage promote");
    assertProblem(http.post(approve, "", Http.ADMIN), 409, "already approved by bootstrap-admin");
  }

  @Test
  void aRejectedGateFailsThePipelineAndARetryAsksAgain() {
    Http http = new Http(port);
    String body = Http.json(Map.of("name", "rejected", "stages", List.of(
        Map.of("name", "first", "gate", "Start training?"),
        stage("train", pretrain(5, Map.of("documents", 100)), List.of("first")))));
    String id = http.post("/api/v1/pipelines", body, Http.ADMIN).json().path("id").asString();
    awaitGate(http, id, "WAITING");

    http.post("/api/v1/pipelines/" + id + "/gates/first/reject", "{\"comment\": \"wrong data\"}", Http.ADMIN);
    JsonNode failed = awaitEnd(http, id);

    assertThat(failed.path("status").asString()).isEqualTo("FAILED");
    assertThat(failed.path("error").asString()).isEqualTo("gate first rejected by bootstrap-admin: wrong data");
    assertThat(statuses(failed)).containsExactly("REJECTED", "PENDING");
    assertThat(http.post("/api/v1/pipelines/" + id + "/retry", "", Http.ADMIN).status()).isEqualTo(202);
    JsonNode asked = awaitGate(http, id, "WAITING");
    assertThat(asked.path("stages").get(0).path("gate").path("decidedBy").isMissingNode()).isTrue();
    assertThat(asked.path("stages").get(0).path("gate").path("decisions").size()).as("the rejection is kept")
        .isEqualTo(1);
    String carol = "carol-" + id.substring(0, 8);
    String carolsToken = http.post("/api/v1/tokens", Http.json(Map.of("name", carol, "role", "user",
        "project", "default")), Http.ADMIN).json().path("token").asString();
    http.post("/api/v1/pipelines/" + id + "/gates/first/approve", "{\"comment\": \"data fixed\"}", carolsToken);
    JsonNode done = awaitEnd(http, id);

    assertThat(done.path("status").asString()).isEqualTo("SUCCEEDED");
    JsonNode gate = done.path("stages").get(0).path("gate");
    assertThat(gate.path("decidedBy").asString()).isEqualTo(carol);
    assertThat(gate.has("timeout")).as("a gate without a timeout waits as long as it takes").isFalse();
    assertThat(gate.path("decisions").valueStream().map(decision -> decision.path("attempt").asInt() + " "
        + decision.path("decision").asString() + " by " + decision.path("by").asString() + ": "
        + decision.path("comment").asString() + (decision.path("timedOut").asBoolean() ? " (timed out)" : "")))
        .containsExactly("1 reject by bootstrap-admin: wrong data", "2 approve by " + carol + ": data fixed");
    assertThat(Instant.parse(gate.path("decisions").get(1).path("at").asString()))
        .isEqualTo(Instant.parse(gate.path("decidedAt").asString()));
  }

  /**
   * The gate's timer runs in the workflow (PipelineGateTest skips its time); here the ledger records a timeout's
   * decision as the workflow would, to show what the API makes of it.
   */
  @Test
  void aTimedOutGateShowsItsDeadlineAndTheTimeoutsDecisionAndRefusesALateOne() {
    Http http = new Http(port);
    String body = Http.json(Map.of("name", "timing out", "stages", List.of(
        Map.of("name", "first", "gate", "Start training?", "timeout", "PT30M"),
        stage("train", pretrain(5, Map.of("documents", 100)), List.of("first")))));
    String id = http.post("/api/v1/pipelines", body, Http.ADMIN).json().path("id").asString();
    JsonNode waiting = awaitGate(http, id, "WAITING").path("stages").get(0).path("gate");
    assertThat(waiting.path("timeout").asString()).isEqualTo("PT30M");
    assertThat(waiting.path("onTimeout").asString()).isEqualTo("reject");
    assertThat(Duration.between(Instant.parse(waiting.path("reachedAt").asString()),
        Instant.parse(waiting.path("timeoutAt").asString()))).isBetween(Duration.ofMinutes(29), Duration.ofMinutes(31));

    ledger.recordGateDecision(UUID.fromString(id),
        new GateDecision("first", false, GateDecision.TIMEOUT, "no decision within PT30M", true));
    JsonNode timedOut = http.get("/api/v1/pipelines/" + id).json().path("stages").get(0);

    assertThat(timedOut.path("status").asString()).isEqualTo("REJECTED");
    assertThat(timedOut.path("gate").path("decidedBy").asString()).isEqualTo("timeout");
    JsonNode decision = timedOut.path("gate").path("decisions").get(0);
    assertThat(List.of(decision.path("attempt").asInt(), decision.path("decision").asString(),
        decision.path("by").asString(), decision.path("comment").asString(), decision.path("timedOut").asBoolean()))
        .containsExactly(1, "reject", "timeout", "no decision within PT30M", true);
    assertProblem(http.post("/api/v1/pipelines/" + id + "/gates/first/approve", "", Http.ADMIN), 409,
        "timed out after PT30M");
    http.post("/api/v1/pipelines/" + id + "/cancel", "", Http.ADMIN);
    assertThat(awaitEnd(http, id).path("status").asString()).isEqualTo("CANCELLED");
  }

  @Test
  void aWorkerTokenCannotSubmitAPipelineAndAnUnknownOneIs404() {
    Http http = new Http(port);
    String body = Http.json(Map.of("name", "x", "stages", List.of(stage("a", pretrain(5, Map.of()), List.of()))));
    assertThat(http.post("/api/v1/pipelines", body, Http.WORKER).status()).isEqualTo(403);
    assertThat(http.post("/api/v1/pipelines", body, null).status()).isEqualTo(401);
    assertThat(http.get("/api/v1/pipelines/00000000-0000-0000-0000-000000000000").status()).isEqualTo(404);
  }

  private static String modelSha256(Http http, String runId) {
    return http.get("/api/v1/runs/" + runId).json().path("outputs").valueStream()
        .filter(artifact -> artifact.path("kind").asString().equals("model")).findFirst().orElseThrow()
        .path("sha256").asString();
  }

  private static List<String> statuses(JsonNode pipeline) {
    List<String> statuses = new ArrayList<>();
    pipeline.path("stages").forEach(stage -> statuses.add(stage.path("status").asString()));
    return statuses;
  }

  /** The pipeline once its first gate has that status. */
  private static JsonNode awaitGate(Http http, String id, String status) {
    await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(300)).until(() ->
        http.get("/api/v1/pipelines/" + id).json().path("stages").valueStream()
            .anyMatch(stage -> stage.path("kind").asString().equals("gate")
                && stage.path("status").asString().equals(status)));
    return http.get("/api/v1/pipelines/" + id).json();
  }

  private static void assertProblem(Http.Response response, int status, String detailContains) {
    assertThat(response.status()).as(response.json().toString()).isEqualTo(status);
    assertThat(response.json().path("detail").asString()).contains(detailContains);
  }

  private static JsonNode awaitEnd(Http http, String id) {
    await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(300)).until(() ->
        !List.of("QUEUED", "RUNNING").contains(http.get("/api/v1/pipelines/" + id).json().path("status").asString()));
    return http.get("/api/v1/pipelines/" + id).json();
  }
}
