package dev.pedigree.api;

import static dev.pedigree.api.RunSubmissionTest.assertProblem;
import static dev.pedigree.api.RunSubmissionTest.fields;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.tuple;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.mlflow.api.proto.Service.CreateRun;
import org.mlflow.api.proto.Service.Experiment;
import org.mlflow.api.proto.Service.Metric;
import org.mlflow.api.proto.Service.Param;
import org.mlflow.api.proto.Service.Run;
import org.mlflow.api.proto.Service.RunInfo;
import org.mlflow.api.proto.Service.RunStatus;
import org.mlflow.api.proto.Service.RunTag;
import org.mlflow.api.proto.Service.ViewType;
import org.mlflow.tracking.MlflowClient;
import org.mlflow.tracking.MlflowHttpException;
import org.mlflow.tracking.creds.BasicMlflowHostCreds;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * The MLflow tracking endpoints driven by the real MLflow Java client, plus the JSON the Python client sends where
 * the Java client differs (int64 fields as numbers rather than strings, run_name, run_uuid twins).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class MlflowTrackingTest extends EmbeddedPlatformTest {
  private static final String MLFLOW = "/api/2.0/mlflow/";
  private static final long START = 1_767_225_600_000L; // 2026-01-01T00:00:00Z

  @LocalServerPort int port;

  private Http http() {
    return new Http(port);
  }

  private MlflowClient client(String token) {
    return new MlflowClient(new BasicMlflowHostCreds("http://127.0.0.1:" + port, token));
  }

  @Test
  void anMlflowClientLogsARunThatPedigreeShowsLikeAnyOther() {
    MlflowClient mlflow = client(Http.ADMIN);
    assertThat(mlflow.getExperimentByName("trl-sft")).isEmpty();
    String experimentId = mlflow.createExperiment("trl-sft");
    assertThat(mlflow.getExperimentByName("trl-sft").orElseThrow().getExperimentId()).isEqualTo(experimentId);
    assertThat(mlflow.searchExperiments().getItems()).extracting(Experiment::getName).contains("Default", "trl-sft");

    RunInfo created = mlflow.createRun(CreateRun.newBuilder()
        .setExperimentId(experimentId)
        .setRunName("sft-lr-1e-3")
        .setStartTime(START)
        .addTags(RunTag.newBuilder().setKey("team").setValue("nlp"))
        .build());
    String runId = created.getRunId();
    assertThat(runId).matches("[0-9a-f]{32}");
    assertThat(created.getRunName()).isEqualTo("sft-lr-1e-3");
    assertThat(created.getStatus().name()).isEqualTo("RUNNING");

    mlflow.logParam(runId, "learning_rate", "0.001");
    mlflow.logParam(runId, "learning_rate", "0.001"); // the same value again changes nothing
    mlflow.logBatch(runId,
        List.of(metric("loss", 2.5, START + 1000, 1), metric("loss", 1.75, START + 2000, 2),
            metric("loss", 1.0, START + 3000, 3), metric("accuracy", 0.5, START + 3000, 3)),
        List.of(Param.newBuilder().setKey("batch_size").setValue("8").build()),
        List.of(RunTag.newBuilder().setKey("stage").setValue("sft").build()));
    mlflow.logMetric(runId, "loss", 0.25, START + 4000, 4);
    mlflow.logMetric(runId, "loss", 0.25, START + 4000, 4); // a retried request

    List<Metric> history = mlflow.getMetricHistory(runId, "loss");
    assertThat(history).extracting(Metric::getStep).containsExactly(1L, 2L, 3L, 4L);
    assertThat(history).extracting(Metric::getValue).containsExactly(2.5, 1.75, 1.0, 0.25);
    assertThat(history).extracting(Metric::getTimestamp)
        .containsExactly(START + 1000, START + 2000, START + 3000, START + 4000);

    Run found = mlflow.searchRuns(List.of(experimentId), null, ViewType.ACTIVE_ONLY, 10).getItems().get(0);
    assertThat(found.getInfo().getRunId()).isEqualTo(runId);
    assertThat(found.getData().getParamsList()).extracting(Param::getKey, Param::getValue)
        .containsExactlyInAnyOrder(tuple("learning_rate", "0.001"),
            tuple("batch_size", "8"));
    assertThat(found.getData().getMetricsList()).extracting(Metric::getKey, Metric::getValue, Metric::getStep)
        .containsExactlyInAnyOrder(tuple("loss", 0.25, 4L),
            tuple("accuracy", 0.5, 3L));

    mlflow.setTerminated(runId);
    assertThat(mlflow.getRun(runId).getInfo().getStatus().name()).isEqualTo("FINISHED");

    String id = dashed(runId);
    JsonNode run = http().get("/api/v1/runs/" + id).json();
    assertThat(http().get("/api/v1/runs/" + runId.toUpperCase(Locale.ROOT)).json()).isEqualTo(run);
    assertThat(run.path("id").asString()).isEqualTo(id);
    assertThat(run.path("kind").asString()).isEqualTo("tracked");
    assertThat(run.path("progress").path("step").asLong()).isEqualTo(4); // the highest step logged
    assertThat(run.path("status").asString()).isEqualTo("SUCCEEDED");
    assertThat(run.path("name").asString()).isEqualTo("sft-lr-1e-3");
    assertThat(run.path("project").asString()).isEqualTo("trl-sft");
    assertThat(run.path("startedAt").asString()).isEqualTo("2026-01-01T00:00:00Z");
    assertThat(run.path("finishedAt").isNull()).isFalse();
    assertThat(run.path("spec").path("params").path("learning_rate").asString()).isEqualTo("0.001");
    assertThat(run.path("spec").path("params").path("batch_size").asString()).isEqualTo("8");
    assertThat(run.path("spec").path("tags").path("stage").asString()).isEqualTo("sft");
    assertThat(run.path("spec").path("tags").path("team").asString()).isEqualTo("nlp");
    JsonNode loss = run.path("summary").path("loss");
    assertThat(loss.path("last").asDouble()).isEqualTo(0.25);
    assertThat(loss.path("lastStep").asLong()).isEqualTo(4);
    assertThat(loss.path("min").asDouble()).isEqualTo(0.25);
    assertThat(loss.path("count").asLong()).isEqualTo(4);

    assertThat(http().get("/api/v1/runs?kind=tracked&project=trl-sft").json().path("items"))
        .extracting(item -> item.path("id").asString()).containsExactly(id);
    JsonNode curve = http().get("/api/v1/runs/compare?ids=" + id + "&key=loss").json().path("series").get(0);
    assertThat(curve.path("points").toString()).isEqualTo("[[1,2.5],[2,1.75],[3,1.0],[4,0.25]]");
    assertProblem(http().post("/api/v1/runs/" + id + "/cancel", "", Http.ADMIN), 409,
        "https://pedigree.dev/problems/conflict", null);
    assertProblem(http().post("/api/v1/runs/" + id + "/reproduce", "", Http.ADMIN), 409,
        "https://pedigree.dev/problems/conflict", null);
  }

  @Test
  void clientErrorsComeInMlflowsShape() {
    MlflowClient mlflow = client(Http.ADMIN);
    String runId = mlflow.createRun().getRunId();
    mlflow.logParam(runId, "optimizer", "adamw");

    assertMlflowError(() -> mlflow.logParam(runId, "optimizer", "sgd"), 400, "INVALID_PARAMETER_VALUE",
        "Changing param values is not allowed");
    assertMlflowError(() -> mlflow.logBatch(runId, List.of(metric("accuracy", 0.9, START, 1)),
        List.of(Param.newBuilder().setKey("optimizer").setValue("sgd").build()), List.of()), 400,
        "INVALID_PARAMETER_VALUE", "Changing param values is not allowed");
    assertThat(mlflow.getMetricHistory(runId, "accuracy")).isEmpty(); // the refused batch wrote nothing
    assertMlflowError(() -> mlflow.getRun(UUID.randomUUID().toString().replace("-", "")), 404,
        "RESOURCE_DOES_NOT_EXIST", "not found");
    assertMlflowError(() -> mlflow.createExperiment("Default"), 400, "RESOURCE_ALREADY_EXISTS", "already exists");
    assertMlflowError(() -> mlflow.createExperiment("no spaces please"), 400, "INVALID_PARAMETER_VALUE",
        "project name");
    assertMlflowError(() -> mlflow.searchRuns(List.of("0"), "metrics.loss < 1"), 400, "INVALID_PARAMETER_VALUE",
        "filters are not supported");
    mlflow.logMetric(runId, "loss", 1.5);
    assertMlflowError(() -> mlflow.logMetric(runId, "loss", 1.25), 400, "INVALID_PARAMETER_VALUE",
        "one value per step");
    mlflow.logMetric(runId, "loss", Double.NaN, START, 1);
    assertThat(mlflow.getMetricHistory(runId, "loss")).extracting(Metric::getValue).containsExactly(1.5, Double.NaN);

    assertMlflowError(() -> client(null).createRun(), 401, "UNAUTHENTICATED", "MLFLOW_TRACKING_TOKEN");
    assertMlflowError(() -> client(Http.WORKER).logMetric(runId, "loss", 2.0, START, 9), 403, "PERMISSION_DENIED",
        "worker token");

    assertThat(fields(http().post("/api/v1/runs",
        "{\"name\":\"t\",\"kind\":\"tracked\",\"spec\":{}}", Http.ADMIN))).containsExactly("$.kind");
  }

  /**
   * Text Postgres cannot keep in a run's spec (a NUL) or that has no UTF-8 form (an unpaired surrogate, stored as '?')
   * is refused by name, and a NUL in a lookup names nothing: the fuzz test found 500s and silently changed values.
   */
  @Test
  void textTheDatabaseCannotKeepAsSentIsRefusedNotStoredChanged() {
    String runId = http().post(MLFLOW + "runs/create", "{\"experiment_id\":\"0\"}", Http.ADMIN).json().path("run")
        .path("info").path("run_id").asString();
    for (String value : List.of("a\\u0000b", "a\\ud800b")) {
      for (String write : List.of("runs/set-tag", "runs/log-parameter")) {
        Http.Response refused = http().post(MLFLOW + write, "{\"run_id\":\"" + runId + "\",\"key\":\"k\","
            + "\"value\":\"" + value + "\"}", Http.ADMIN);
        assertThat(refused.status()).as(write + " " + value).isEqualTo(400);
        assertThat(refused.json().path("message").asString()).contains("NUL or unpaired UTF-16 surrogates");
      }
      Http.Response user = http().post(MLFLOW + "runs/create", "{\"experiment_id\":\"0\",\"user_id\":\"" + value
          + "\"}", Http.ADMIN);
      assertThat(user.status()).as(user.json().toString()).isEqualTo(400);
      assertThat(user.json().path("message").asString()).contains("user_id");
      Http.Response name = http().post(MLFLOW + "runs/update", "{\"run_id\":\"" + runId + "\",\"run_name\":\""
          + value + "\"}", Http.ADMIN);
      assertThat(name.status()).as(name.json().toString()).isEqualTo(400);
    }
    JsonNode data = http().get(MLFLOW + "runs/get?run_id=" + runId).json().path("run").path("data");
    assertThat(data.path("params").size()).isZero();
    assertThat(data.path("tags").valueStream().map(tag -> tag.path("key").asString())).doesNotContain("k");

    Http.Response history = http().get(MLFLOW + "metrics/get-history?run_id=" + runId + "&metric_key=a%00b");
    assertThat(history.status()).isEqualTo(400);
    assertThat(history.json().path("error_code").asString()).isEqualTo("INVALID_PARAMETER_VALUE");
    Http.Response experiment = http().get(MLFLOW + "experiments/get-by-name?experiment_name=a%00b");
    assertThat(experiment.status()).isEqualTo(404);
    assertThat(experiment.json().path("error_code").asString()).isEqualTo("RESOURCE_DOES_NOT_EXIST");
  }

  @Test
  void theJsonOfThePythonClientIsReadAndAnsweredAsMlflowDoes() {
    Http.Response missing = http().get(MLFLOW + "experiments/get-by-name?experiment_name=nowhere");
    assertThat(missing.status()).isEqualTo(404);
    assertThat(missing.json().path("error_code").asString()).isEqualTo("RESOURCE_DOES_NOT_EXIST");
    assertThat(missing.json().path("message").asString()).contains("nowhere");
    JsonNode defaults = http().get(MLFLOW + "experiments/get?experiment_id=0").json().path("experiment");
    assertThat(defaults.path("name").asString()).isEqualTo("Default");
    assertThat(defaults.path("lifecycle_stage").asString()).isEqualTo("active");

    JsonNode created = http().post(MLFLOW + "runs/create", Http.json(Map.of("experiment_id", "0",
        "user_id", "alice", "start_time", START, "run_name", "hf-trainer",
        "tags", List.of(Map.of("key", "mlflow.source.name", "value", "train.py")))), Http.ADMIN).json();
    JsonNode info = created.path("run").path("info");
    String runId = info.path("run_id").asString();
    assertThat(info.path("run_uuid").asString()).isEqualTo(runId);
    assertThat(info.path("experiment_id").asString()).isEqualTo("0");
    assertThat(info.path("user_id").asString()).isEqualTo("alice");
    assertThat(info.path("start_time").asLong()).isEqualTo(START);
    assertThat(info.path("artifact_uri").asString()).startsWith("pedigree-stores-no-mlflow-artifacts:");
    assertThat(created.path("run").path("data").path("tags").toString())
        .contains("{\"key\":\"mlflow.runName\",\"value\":\"hf-trainer\"}");

    Http.Response logged = http().post(MLFLOW + "runs/log-batch", Http.json(Map.of("run_id", runId,
        "metrics", List.of(Map.of("key", "train_loss", "value", 0.5, "timestamp", START + 10, "step", 10),
            Map.of("key", "eval_loss", "value", 0.75, "timestamp", START + 20, "step", 10)),
        "params", List.of(Map.of("key", "num_train_epochs", "value", "3")),
        "tags", List.of())), Http.ADMIN);
    assertThat(logged.status()).isEqualTo(200);
    assertThat(logged.json().toString()).isEqualTo("{}");
    JsonNode history = http().get(MLFLOW + "metrics/get-history?run_id=" + runId + "&metric_key=eval_loss").json();
    assertThat(history.toString())
        .isEqualTo("{\"metrics\":[{\"key\":\"eval_loss\",\"value\":0.75,\"timestamp\":" + (START + 20)
            + ",\"step\":10}]}");

    Http.Response updated = http().post(MLFLOW + "runs/update", Http.json(Map.of("run_uuid", runId, "run_id", runId,
        "status", "FAILED", "end_time", START + 60_000)), Http.ADMIN);
    assertThat(updated.json().path("run_info").path("status").asString()).isEqualTo("FAILED");
    assertThat(updated.json().path("run_info").path("end_time").asLong()).isEqualTo(START + 60_000);
    JsonNode run = http().get("/api/v1/runs/" + dashed(runId)).json();
    assertThat(run.path("status").asString()).isEqualTo("FAILED");
    assertThat(run.path("finishedAt").asString()).isEqualTo("2026-01-01T00:01:00Z");
    assertThat(run.path("spec").path("params").path("num_train_epochs").asString()).isEqualTo("3");

    Http.Response badStatus = http().post(MLFLOW + "runs/update",
        Http.json(Map.of("run_id", runId, "status", "DONE")), Http.ADMIN);
    assertThat(badStatus.status()).isEqualTo(400);
    assertThat(badStatus.json().path("error_code").asString()).isEqualTo("INVALID_PARAMETER_VALUE");
    Http.Response nan = http().post(MLFLOW + "runs/log-batch", "{\"run_id\": \"" + runId
        + "\", \"metrics\": [{\"key\": \"loss\", \"value\": NaN, \"timestamp\": 1, \"step\": 11}]}", Http.ADMIN);
    assertThat(nan.status()).isEqualTo(200);
    assertThat(http().get("/api/v1/runs/" + dashed(runId) + "/metrics?key=loss&fromStep=11").json()
        .path("series").get(0).path("points").toString()).isEqualTo("[[11,\"NaN\"]]");
    Http.Response malformed = http().post(MLFLOW + "runs/log-batch", "{\"run_id\": ", Http.ADMIN);
    assertThat(malformed.status()).isEqualTo(400);
    assertThat(malformed.json().path("error_code").asString()).isEqualTo("MALFORMED_REQUEST");
    Http.Response badStep = http().post(MLFLOW + "runs/log-metric", Http.json(Map.of("run_id", runId,
        "key", "loss", "value", 1.0, "timestamp", START, "step", -1)), Http.ADMIN);
    assertThat(badStep.status()).isEqualTo(400);
    assertThat(badStep.json().path("message").asString()).contains("step -1");

    http().post(MLFLOW + "runs/create", Http.json(Map.of("experiment_id", "0", "start_time", START)), Http.ADMIN);
    Map<String, Object> search = Map.of("experiment_ids", List.of("0"), "max_results", 1,
        "order_by", List.of("attributes.start_time DESC"));
    JsonNode first = http().post(MLFLOW + "runs/search", Http.json(search), Http.ADMIN).json();
    assertThat(first.path("runs")).hasSize(1);
    assertThat(first.path("next_page_token").asString()).isEqualTo("1");
    Map<String, Object> next = new HashMap<>(search);
    next.put("page_token", "1");
    JsonNode second = http().post(MLFLOW + "runs/search", Http.json(next), Http.ADMIN).json();
    assertThat(second.path("runs")).hasSize(1);
    assertThat(second.path("runs").get(0).path("info").path("run_id").asString())
        .isNotEqualTo(first.path("runs").get(0).path("info").path("run_id").asString());
    Http.Response unsupportedOrder = http().post(MLFLOW + "runs/search",
        Http.json(Map.of("experiment_ids", List.of("0"), "order_by", List.of("metrics.loss"))), Http.ADMIN);
    assertThat(unsupportedOrder.status()).isEqualTo(400);
    assertThat(unsupportedOrder.json().path("error_code").asString()).isEqualTo("INVALID_PARAMETER_VALUE");
  }

  @Test
  void aProjectTokenWritesOnlyToItsOwnExperiment() {
    String scoped = http().post("/api/v1/tokens",
        Http.json(Map.of("name", "team-b", "role", "user", "project", "team-b")), Http.ADMIN).json()
        .path("token").asString();
    MlflowClient mlflow = client(scoped);
    // Issuing the token made the project; mlflow.set_experiment finds it by name.
    String own = mlflow.getExperimentByName("team-b").orElseThrow().getExperimentId();
    assertThat(mlflow.createRun(own).getExperimentId()).isEqualTo(own);
    assertMlflowError(() -> mlflow.createRun("0"), 403, "PERMISSION_DENIED", "team-b");
    assertMlflowError(() -> mlflow.createExperiment("team-c"), 403, "PERMISSION_DENIED", "team-b");
  }

  @Test
  void theRunsEventStreamShowsWhatTheClientLogs() {
    MlflowClient mlflow = client(Http.ADMIN);
    String runId = mlflow.createRun().getRunId();
    assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
      HttpResponse<InputStream> stream = HttpClient.newHttpClient().send(
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/runs/" + dashed(runId) + "/events"))
              .build(),
          HttpResponse.BodyHandlers.ofInputStream());
      try (BufferedReader events = new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8))) {
        assertThat(nextEvent(events, "status")).contains("\"status\":\"RUNNING\"");
        mlflow.logMetric(runId, "reward", 0.75, START, 7);
        assertThat(nextEvent(events, "metrics")).contains("\"reward\"").contains("[7,0.75]");
        mlflow.setTerminated(runId, RunStatus.KILLED);
        assertThat(nextEvent(events, "status")).contains("\"status\":\"CANCELLED\"");
      }
    });
  }

  /** The data of the next event named {@code name}. */
  private static String nextEvent(BufferedReader events, String name) throws IOException {
    boolean named = false;
    for (String line = events.readLine(); line != null; line = events.readLine()) {
      if (line.startsWith("event:")) {
        named = line.substring(6).trim().equals(name);
      } else if (named && line.startsWith("data:")) {
        return line.substring(5);
      }
    }
    throw new AssertionError("the stream ended before a '" + name + "' event");
  }

  private static Metric metric(String key, double value, long timestamp, long step) {
    return Metric.newBuilder().setKey(key).setValue(value).setTimestamp(timestamp).setStep(step).build();
  }

  private static String dashed(String runId) {
    return UUID.fromString(runId.replaceFirst("(.{8})(.{4})(.{4})(.{4})(.{12})", "$1-$2-$3-$4-$5")).toString();
  }

  private static void assertMlflowError(Runnable call, int status, String errorCode, String message) {
    MlflowHttpException error = catchThrowableOfType(MlflowHttpException.class, call::run);
    assertThat(error).as("an MLflow error").isNotNull();
    assertThat(error.getStatusCode()).isEqualTo(status);
    assertThat(error.getBodyMessage()).contains("\"error_code\":\"" + errorCode + "\"").contains(message);
  }
}
