package dev.pedigree.api;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A real HTTP client for tests against the running platform. */
public final class Http {
  public static final String ADMIN = "test-admin-token";
  public static final String WORKER = "test-worker-token";
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final HttpClient client = HttpClient.newHttpClient();
  private final URI base;

  public Http(int port) {
    this.base = URI.create("http://127.0.0.1:" + port);
  }

  public record Response(int status, String contentType, JsonNode json) {}

  public Response get(String path) {
    return send(request(path).GET());
  }

  public Response post(String path, String body, String token) {
    HttpRequest.Builder request = request(path).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return send(request);
  }

  /** Any method, e.g. PUT, PATCH or DELETE; a null body sends none. */
  public Response send(String method, String path, String body, String token) {
    HttpRequest.Builder request = request(path).header("Content-Type", "application/json")
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return send(request);
  }

  public static String json(Object value) {
    return JSON.writeValueAsString(value);
  }

  private HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30));
  }

  private Response send(HttpRequest.Builder request) {
    try {
      HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
      String body = response.body();
      return new Response(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""),
          body.isBlank() ? JSON.nullNode() : JSON.readTree(body));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
