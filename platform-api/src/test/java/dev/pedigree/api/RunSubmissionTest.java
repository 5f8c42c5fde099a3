package dev.pedigree.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/** The submit contract: accepted specs, and every way a request is refused — always problem+json, never a 500. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class RunSubmissionTest extends EmbeddedPlatformTest {
  @LocalServerPort int port;

  private Http http() {
    return new Http(port);
  }

  private static String submit(Object spec) {
    return Http.json(Map.of("name", "t", "kind", "pretrain", "spec", spec));
  }

  @Test
  void acceptsAValidSpecWith202LocationAndResolvedDefaults() {
    Http.Response response = http().post("/api/v1/runs",
        submit(Map.of("model", Map.of("layers", 1, "dModel", 32, "heads", 2, "contextLength", 16),
            "training", Map.of("steps", 5, "batchSize", 2))), Http.ADMIN);

    assertThat(response.status()).isEqualTo(202);
    JsonNode run = response.json();
    assertThat(run.path("status").asString()).isIn("QUEUED", "RUNNING");
    assertThat(run.path("kind").asString()).isEqualTo("pretrain");
    assertThat(run.path("project").asString()).isEqualTo("default");
    assertThat(run.path("progress").path("totalSteps").asLong()).isEqualTo(5);
    assertThat(run.path("spec").path("data").path("generator").asString()).isEqualTo("g-text");
    assertThat(run.path("spec").path("training").path("learningRate").asDouble()).isEqualTo(3e-3);
    UUID.fromString(run.path("id").asString());
    assertThat(http().get("/api/v1/runs/" + run.path("id").asString()).status()).isEqualTo(200);
  }

  @Test
  void unknownSpecFieldIsA400NamingItsPath() {
    Http.Response response =
        http().post("/api/v1/runs", submit(Map.of("model", Map.of("layers", 2, "depth", 3))), Http.ADMIN);

    assertProblem(response, 400, "https://pedigree.dev/problems/validation", "$.spec.model.depth");
  }

  @Test
  void wronglyTypedFieldIsA400NamingItsPath() {
    Http.Response response =
        http().post("/api/v1/runs", submit(Map.of("training", Map.of("steps", "many"))), Http.ADMIN);

    assertProblem(response, 400, "https://pedigree.dev/problems/validation", "$.spec.training.steps");
  }

  @Test
  void anEmptyOrBlankStringForANumberIsRefusedNotReadAsTheDefault() {
    for (String blank : List.of("\"\"", "\"  \"", "\"\\u0000\"")) {
      Http.Response response = http().post("/api/v1/runs",
          "{\"name\":\"t\",\"kind\":\"pretrain\",\"spec\":{\"training\":{\"steps\":" + blank + "}}}", Http.ADMIN);

      assertProblem(response, 400, "https://pedigree.dev/problems/validation", "$.spec.training.steps");
    }
  }

  @Test
  void outOfRangeValuesAreEachNamed() {
    Http.Response response = http().post("/api/v1/runs",
        submit(Map.of("model", Map.of("layers", 0, "dModel", 30, "heads", 4), "device", "tpu")), Http.ADMIN);

    assertThat(response.status()).isEqualTo(400);
    assertThat(fields(response)).contains("$.spec.model.layers", "$.spec.model.heads", "$.spec.device");
  }

  @Test
  void unknownTopLevelFieldAndUnknownKindAreRefused() {
    Http.Response response = http().post("/api/v1/runs",
        Http.json(Map.of("name", "t", "kind", "alchemy", "spec", Map.of(), "priority", 1)), Http.ADMIN);

    assertThat(response.status()).isEqualTo(400);
    assertThat(fields(response)).contains("$.kind", "$.priority");
  }

  @Test
  void malformedJsonIsA400ProblemNotA500() {
    Http.Response response = http().post("/api/v1/runs", "{\"name\": \"t\", \"kind\": ", Http.ADMIN);

    assertProblem(response, 400, "https://pedigree.dev/problems/malformed-body", null);
  }

  @Test
  void unknownRunIs404ProblemAndAMalformedIdToo() {
    assertProblem(http().get("/api/v1/runs/" + UUID.randomUUID()), 404, "https://pedigree.dev/problems/not-found", null);
    assertProblem(http().get("/api/v1/runs/not-a-uuid"), 404, "https://pedigree.dev/problems/not-found", null);
    assertProblem(http().post("/api/v1/runs/" + UUID.randomUUID() + "/cancel", "", Http.ADMIN), 404,
        "https://pedigree.dev/problems/not-found", null);
  }

  @Test
  void writesNeedATokenAndAWorkerTokenCannotSubmit() {
    String body = submit(Map.of());
    assertProblem(http().post("/api/v1/runs", body, null), 401, "https://pedigree.dev/problems/unauthorized", null);
    assertProblem(http().post("/api/v1/runs", body, "pdg_wrong"), 401, "https://pedigree.dev/problems/unauthorized",
        null);
    assertProblem(http().post("/api/v1/runs", body, Http.WORKER), 403, "https://pedigree.dev/problems/forbidden", null);
  }

  @Test
  void listIsNewestFirstAndRejectsBadQueryParameters() {
    String first = http().post("/api/v1/runs", Http.json(Map.of("name", "list-a", "kind", "pretrain",
        "spec", Map.of("training", Map.of("steps", 1)))), Http.ADMIN).json().path("id").asString();
    String second = http().post("/api/v1/runs", Http.json(Map.of("name", "list-b", "kind", "pretrain",
        "spec", Map.of("training", Map.of("steps", 1)))), Http.ADMIN).json().path("id").asString();

    JsonNode page = http().get("/api/v1/runs?q=list-&size=10").json();
    List<String> ids = page.path("items").valueStream().map(run -> run.path("id").asString()).toList();
    assertThat(ids).containsSubsequence(second, first);
    assertThat(page.path("total").asLong()).isGreaterThanOrEqualTo(2);

    Http.Response bad = http().get("/api/v1/runs?status=SLEEPING&size=0");
    assertThat(bad.status()).isEqualTo(400);
    assertThat(fields(bad)).containsExactlyInAnyOrder("status", "size");
  }

  /**
   * Examples that derive a model name its inputs by placeholders, which are rejected for exactly that reason. A sweep
   * body (one with parameters and an objective) goes to /sweeps.
   */
  @Test
  void everyExampleSpecIsAcceptedAsItIs() {
    JsonNode examples = http().get("/api/v1/examples").json();
    assertThat(examples.size()).isPositive();
    assertThat(examples.valueStream().map(example -> example.path("path").asString())).contains("examples/sweeps/lr.json");
    for (JsonNode example : examples) {
      JsonNode body = example.path("body");
      String collection = body.has("parameters") && body.has("objective") ? "/api/v1/sweeps" : "/api/v1/runs";
      Http.Response response = http().post(collection, Http.json(body), Http.ADMIN);
      if (example.path("body").toString().contains("<artifact-id")) {
        assertThat(response.status()).as(example.path("path").asString()).isEqualTo(400);
        assertThat(response.json().path("errors").valueStream().map(error -> error.path("message").asString()))
            .as(example.path("path").asString()).isNotEmpty().allMatch(message -> message.contains("<artifact-id"));
        continue;
      }
      assertThat(response.status()).as(example.path("path").asString()).isEqualTo(202);
      http().post(collection + "/" + response.json().path("id").asString() + "/cancel", "", Http.ADMIN);
    }
  }

  /** An unpaired surrogate has no UTF-8 form: stored, it became "?" (the run renamed, silently). */
  @Test
  void unpairedSurrogatesAnywhereInTheBodyAreRefusedByPath() {
    Http.Response badName = http().post("/api/v1/runs",
        "{\"name\":\"run \\ud800\",\"kind\":\"pretrain\",\"spec\":{}}", Http.ADMIN);
    Http.Response badSpec = http().post("/api/v1/runs",
        "{\"name\":\"t\",\"kind\":\"pretrain\",\"spec\":{\"data\":{\"files\":[\"a\\udc00.txt\"]}}}", Http.ADMIN);
    Http.Response badPipeline = http().post("/api/v1/pipelines",
        "{\"name\":\"p\",\"stages\":[{\"name\":\"s\",\"kind\":\"pretrain\",\"spec\":{\"files\":[\"\\ud800\"]}}]}",
        Http.ADMIN);

    assertProblem(badName, 400, "https://pedigree.dev/problems/validation", "$.name");
    assertThat(badName.json().path("errors").get(0).path("message").asString()).contains("unpaired");
    assertProblem(badSpec, 400, "https://pedigree.dev/problems/validation", "$.spec.data.files[0]");
    assertProblem(badPipeline, 400, "https://pedigree.dev/problems/validation", "$.stages[0].spec.files[0]");
  }

  /** JSON has no NaN: the body is malformed, but the answer says where rather than "$" and a parser setting. */
  @Test
  void aMalformedValueIsNamedByItsPath() {
    Http.Response response = http().post("/api/v1/runs",
        "{\"name\":\"t\",\"kind\":\"pretrain\",\"spec\":{\"training\":{\"steps\":5,\"learningRate\":NaN}}}",
        Http.ADMIN);

    assertProblem(response, 400, "https://pedigree.dev/problems/malformed-body", "$.spec.training.learningRate");
    assertThat(response.json().path("detail").asString())
        .isEqualTo("The request body could not be read at $.spec.training.learningRate: Non-standard token 'NaN'");
  }

  @Test
  void pairedSurrogatesInANameAreStoredAsSent() {
    Http.Response response = http().post("/api/v1/runs",
        "{\"name\":\"emoji \\ud83d\\ude00\",\"kind\":\"pretrain\",\"spec\":{\"training\":{\"steps\":1}}}",
        Http.ADMIN);

    assertThat(response.status()).isEqualTo(202);
    String id = response.json().path("id").asString();
    assertThat(http().get("/api/v1/runs/" + id).json().path("name").asString()).isEqualTo("emoji \uD83D\uDE00");
    http().post("/api/v1/runs/" + id + "/cancel", "", Http.ADMIN);
  }

  @Test
  void servesTheOpenApiDocument() {
    JsonNode openapi = http().get("/api/v1/openapi").json();
    assertThat(openapi.path("paths").has("/api/v1/runs")).isTrue();
    assertThat(openapi.path("paths").has("/api/v1/runs/{id}/metrics")).isTrue();
  }

  static List<String> fields(Http.Response response) {
    return response.json().path("errors").valueStream().map(error -> error.path("field").asString()).toList();
  }

  static void assertProblem(Http.Response response, int status, String type, String field) {
    assertThat(response.status()).isEqualTo(status);
    assertThat(response.contentType()).startsWith("application/problem+json");
    assertThat(response.json().path("type").asString()).isEqualTo(type);
    assertThat(response.json().path("title").asString()).isNotBlank();
    if (field != null) {
      assertThat(fields(response)).contains(field);
    }
  }
}
