package dev.pedigree.api;

import static dev.pedigree.api.MlflowRegistryCalls.MLFLOW;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Requests refused before any MLflow endpoint runs (a wrong method, an unknown endpoint, an Accept or Content-Type
 * header the API cannot honour, an undecodable query, an oversized body) are answered in MLflow's error JSON under
 * its API, as problems elsewhere. The fuzz test found them answered as problems, or as 500s.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class MlflowErrorShapeTest extends EmbeddedPlatformTest {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  @LocalServerPort int port;
  private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  @Test
  void requestsRefusedBeforeAnyEndpointGetMlflowErrors() {
    assertMlflowError(send(request(MLFLOW + "metrics/get-history").DELETE()), 405, "INVALID_PARAMETER_VALUE",
        "DELETE");
    assertMlflowError(send(request(MLFLOW + "runs/delete").POST(json("{}"))), 404, "RESOURCE_DOES_NOT_EXIST", "");
    assertMlflowError(send(request(MLFLOW + "experiments/get?experiment_id=0").header("Accept", "application/xml")),
        406, "INVALID_PARAMETER_VALUE", "");
    assertMlflowError(send(request(MLFLOW + "runs/create").header("Content-Type", "application/*")
        .POST(json("{}"))), 415, "INVALID_PARAMETER_VALUE", "Content-Type");
    assertMlflowError(send(request(MLFLOW + "experiments/get?experiment_id=%FF")), 400, "INVALID_PARAMETER_VALUE",
        "query string");
    assertMlflowError(send(request(MLFLOW + "runs/create").header("Content-Type", "application/json")
        .POST(json(" ".repeat((1 << 20) + 1) + "{}"))), 413, "INVALID_PARAMETER_VALUE", "MiB");
    assertMlflowError(send(request(MLFLOW + "runs/create").method("TRACE", HttpRequest.BodyPublishers.noBody())),
        405, "INVALID_PARAMETER_VALUE", "");
  }

  /** Tomcat refuses an encoded NUL, slash or backslash in the path itself, before any servlet or filter runs. */
  @Test
  void pathsTomcatRefusesGetMlflowErrorsToo() {
    for (String path : List.of("runs/get%00", "runs%2Fget", "runs%5Cget")) {
      assertMlflowError(send(request(MLFLOW + path)), 400, "INVALID_PARAMETER_VALUE", "refused");
    }
  }

  @Test
  void theSameRefusalsElsewhereAreStillProblems() {
    HttpResponse<String> wrongMethod = send(request("/api/v1/usage").DELETE());
    assertThat(wrongMethod.statusCode()).isEqualTo(405);
    assertThat(wrongMethod.headers().firstValue("Content-Type")).hasValueSatisfying(type ->
        assertThat(type).startsWith("application/problem+json"));
  }

  private void assertMlflowError(HttpResponse<String> response, int status, String errorCode, String inMessage) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    assertThat(response.headers().firstValue("Content-Type")).as(response.body()).hasValueSatisfying(type ->
        assertThat(type).startsWith("application/json"));
    JsonNode error = JSON.readTree(response.body());
    assertThat(error.path("error_code").asString()).isEqualTo(errorCode);
    assertThat(error.path("message").asString()).isNotBlank().contains(inMessage);
  }

  private HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).header("Authorization",
        "Bearer " + Http.ADMIN);
  }

  private static HttpRequest.BodyPublisher json(String body) {
    return HttpRequest.BodyPublishers.ofString(body);
  }

  private HttpResponse<String> send(HttpRequest.Builder request) {
    try {
      return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
