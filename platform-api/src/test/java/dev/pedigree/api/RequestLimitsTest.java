package dev.pedigree.api;

import static dev.pedigree.api.RunSubmissionTest.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.json.JsonMapper;

/** Body limits, JSON limits, CORS and request shapes that must not slip past the filters or end in a 500. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class RequestLimitsTest extends EmbeddedPlatformTest {
  private static final int MIB = 1 << 20;
  private static final String TOO_LARGE = "https://pedigree.dev/problems/payload-too-large";
  private static final JsonMapper JSON = JsonMapper.builder().build();

  @LocalServerPort int port;
  private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  @Test
  void aBodyOverOneMibIs413WhetherDeclaredOrChunked() {
    byte[] body = spaces(MIB + 1);
    assertProblem(send(post("/api/v1/runs", Http.ADMIN, body, false)), 413, TOO_LARGE, null);
    assertProblem(send(post("/api/v1/runs", Http.ADMIN, body, true)), 413, TOO_LARGE, null);
    assertProblem(send(post("/api/v1/tokens", Http.ADMIN, body, true)), 413, TOO_LARGE, null);
  }

  @Test
  void metricIngestTakesBodiesUpTo32MibAndNoMore() {
    String run = "/api/v1/runs/" + UUID.randomUUID() + "/metrics";
    assertThat(send(post(run, Http.WORKER, spaces(2 * MIB), true)).status()).isNotEqualTo(413);
    assertProblem(send(post(run, Http.WORKER, spaces(32 * MIB + 1), false)), 413, TOO_LARGE, null);
    assertProblem(send(post(run, Http.WORKER, spaces(32 * MIB + 1), true)), 413, TOO_LARGE, null);
  }

  @Test
  void aRefusedBodyClosesItsConnectionSoNoRequestReusesIt() {
    String run = "/api/v1/runs/" + UUID.randomUUID() + "/metrics";
    for (boolean chunked : new boolean[] {false, true}) {
      HttpResponse<String> refused = raw(post(run, Http.WORKER, spaces(32 * MIB + 1), chunked));
      assertThat(refused.statusCode()).isEqualTo(413);
      assertThat(refused.headers().firstValue("Connection")).as("chunked %s", chunked).hasValue("close");
    }
    assertThat(raw(post("/api/v1/runs", Http.ADMIN, spaces(MIB + 1), false)).headers().firstValue("Connection"))
        .hasValue("close");
  }

  @Test
  void nestingBeyondJacksonsLimitIsA400ProblemNotA500() {
    byte[] deep = ("{\"a\":".repeat(10_000) + "1" + "}".repeat(10_000)).getBytes(StandardCharsets.UTF_8);
    String run = "/api/v1/runs/" + UUID.randomUUID();
    for (String path : new String[] {"/api/v1/runs", "/api/v1/tokens"}) {
      assertProblem(send(post(path, Http.ADMIN, deep, false)), 400, "https://pedigree.dev/problems/malformed-body", "$");
    }
    for (String path : new String[] {run + "/metrics", run + "/attempts", run + "/artifacts"}) {
      assertThat(send(post(path, Http.WORKER, deep, false)).status()).as(path).isEqualTo(400);
    }
  }

  @Test
  void aRepeatedKeyIsRefusedRatherThanResolvedToItsLastValue() {
    byte[] body = "{\"name\":\"n\",\"role\":\"user\",\"role\":\"admin\"}".getBytes(StandardCharsets.UTF_8);

    assertProblem(send(post("/api/v1/tokens", Http.ADMIN, body, false)), 400,
        "https://pedigree.dev/problems/malformed-body", null);
  }

  @Test
  void crossOriginRequestsGetNoCorsPermission() {
    HttpResponse<String> preflight = raw(HttpRequest.newBuilder(uri("/api/v1/runs"))
        .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
        .header("Origin", "https://evil.example")
        .header("Access-Control-Request-Method", "POST")
        .header("Access-Control-Request-Headers", "authorization, content-type"));
    HttpResponse<String> read = raw(HttpRequest.newBuilder(uri("/api/v1/runs")).header("Origin", "https://evil.example"));

    for (HttpResponse<String> response : Arrays.asList(preflight, read)) {
      assertThat(response.headers().map().keySet()).noneMatch(name -> name.toLowerCase().startsWith("access-control-"));
    }
  }

  @Test
  void encodedPathsCannotSlipPastTheTokenRules() {
    String userToken = new Http(port).post("/api/v1/tokens", Http.json(Map.of("name", "limits-user", "role", "user")),
        Http.ADMIN).json().path("token").asString();
    byte[] admin = Http.json(Map.of("name", "x", "role", "admin")).getBytes(StandardCharsets.UTF_8);

    assertProblem(send(post("/%61pi/v1/runs", null, "{}".getBytes(StandardCharsets.UTF_8), false)), 401,
        "https://pedigree.dev/problems/unauthorized", null);
    for (String path : new String[] {"/api/v1/tokens;x=y", "/api/v1/%74okens", "/api/v1/./tokens"}) {
      assertThat(send(post(path, userToken, admin, false)).status()).as(path).isIn(403, 404);
    }
  }

  @Test
  void requestsRefusedBeforeTheApiAreProblemsToo() {
    assertProblem(send(HttpRequest.newBuilder(uri("/api/v1/runs/%00"))), 400, "https://pedigree.dev/problems/validation",
        null);
    assertProblem(send(HttpRequest.newBuilder(uri("/api/v1/runs/a%2Fb"))), 400,
        "https://pedigree.dev/problems/validation", null);
    assertProblem(send(HttpRequest.newBuilder(uri("/api/v1/runs?q=%FF%FE"))), 400,
        "https://pedigree.dev/problems/validation", null);
    assertProblem(send(HttpRequest.newBuilder(uri("/api/v1/runs?q=a%00b"))), 400,
        "https://pedigree.dev/problems/validation", "q");
    assertProblem(send(HttpRequest.newBuilder(uri("/api/v1/runs")).method("TRACE", HttpRequest.BodyPublishers.noBody())),
        405, "https://pedigree.dev/problems/method-not-allowed", null);
    assertProblem(send(post("/api/v1/runs", Http.ADMIN, "{}".getBytes(StandardCharsets.UTF_8), false)
        .setHeader("Content-Type", "application/*")), 415, "https://pedigree.dev/problems/unsupported-media-type", null);
  }

  /**
   * Under the MLflow API, requests refused before any MLflow endpoint runs (a wrong method, an unknown endpoint, an
   * Accept or Content-Type header the API cannot honour, an undecodable query, an oversized body, a path Tomcat
   * refuses itself) are answered in MLflow's error JSON. The fuzz test found them answered as problems, or as 500s.
   */
  @Test
  void requestsRefusedBeforeAnyMlflowEndpointGetMlflowErrors() {
    assertMlflowError(send(mlflow("metrics/get-history").DELETE()), 405, "INVALID_PARAMETER_VALUE", "DELETE");
    assertMlflowError(send(mlflow("runs/delete").POST(HttpRequest.BodyPublishers.ofString("{}"))), 404,
        "RESOURCE_DOES_NOT_EXIST", "");
    assertMlflowError(send(mlflow("experiments/get?experiment_id=0").header("Accept", "application/xml")), 406,
        "INVALID_PARAMETER_VALUE", "");
    assertMlflowError(send(mlflow("runs/create").header("Content-Type", "application/*")
        .POST(HttpRequest.BodyPublishers.ofString("{}"))), 415, "INVALID_PARAMETER_VALUE", "Content-Type");
    assertMlflowError(send(mlflow("experiments/get?experiment_id=%FF")), 400, "INVALID_PARAMETER_VALUE",
        "query string");
    assertMlflowError(send(post(MlflowRegistryCalls.MLFLOW + "runs/create", Http.ADMIN, spaces(MIB + 1), false)), 413,
        "INVALID_PARAMETER_VALUE", "1 MiB");
    assertMlflowError(send(mlflow("runs/create").method("TRACE", HttpRequest.BodyPublishers.noBody())), 405,
        "INVALID_PARAMETER_VALUE", "");
    for (String path : List.of("runs/get%00", "runs%2Fget", "runs%5Cget")) {
      assertMlflowError(send(mlflow(path)), 400, "INVALID_PARAMETER_VALUE", "refused");
    }
  }

  private HttpRequest.Builder mlflow(String path) {
    return HttpRequest.newBuilder(uri(MlflowRegistryCalls.MLFLOW + path)).header("Authorization",
        "Bearer " + Http.ADMIN);
  }

  private static void assertMlflowError(Http.Response response, int status, String errorCode, String inMessage) {
    assertThat(response.contentType()).as(response.json().toString()).startsWith("application/json");
    MlflowRegistryCalls.assertError(response, status, errorCode, inMessage);
    assertThat(response.json().path("message").asString()).isNotBlank();
  }

  private HttpRequest.Builder post(String path, String token, byte[] body, boolean chunked) {
    HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(60))
        .POST(chunked ? HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))
            : HttpRequest.BodyPublishers.ofByteArray(body));
    request.setHeader("Content-Type", "application/json");
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return request;
  }

  private Http.Response send(HttpRequest.Builder request) {
    HttpResponse<String> response = raw(request);
    return new Http.Response(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""),
        response.body().isBlank() ? JSON.nullNode() : JSON.readTree(response.body()));
  }

  private HttpResponse<String> raw(HttpRequest.Builder request) {
    try {
      return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private URI uri(String path) {
    return URI.create("http://127.0.0.1:" + port + path);
  }

  private static byte[] spaces(int size) {
    byte[] body = new byte[size];
    Arrays.fill(body, (byte) ' ');
    return body;
  }
}
