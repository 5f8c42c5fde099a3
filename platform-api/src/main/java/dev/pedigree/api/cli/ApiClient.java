package dev.pedigree.api.cli;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The CLI's HTTP client: the public REST contract, with the admin token of {@code PEDIGREE_HOME}. */
final class ApiClient {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final URI base;
  private final String token;

  ApiClient(URI base, String token) {
    this.base = base;
    this.token = token;
  }

  /** {@code PEDIGREE_URL} (default http://localhost:{SERVER_PORT or 8080}) and {@code PEDIGREE_TOKEN} or the token file. */
  static ApiClient fromEnvironment() throws IOException {
    String port = System.getenv().getOrDefault("SERVER_PORT", "8080");
    String url = System.getenv().getOrDefault("PEDIGREE_URL", "http://localhost:" + port);
    return new ApiClient(URI.create(url), tokenFromEnvironment());
  }

  static String tokenFromEnvironment() throws IOException {
    String token = System.getenv("PEDIGREE_TOKEN");
    if (token != null && !token.isBlank()) {
      return token.trim();
    }
    Path file = home().resolve("admin.token");
    return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8).trim() : "";
  }

  static Path home() {
    String home = System.getenv("PEDIGREE_HOME");
    return home == null || home.isBlank() ? Path.of(System.getProperty("user.home"), ".pedigree") : Path.of(home);
  }

  static String json(Object value) {
    return JSON.writeValueAsString(value);
  }

  /** The text as one URL path segment: a space is %20 there, not '+'. */
  static String segment(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
  }

  URI base() {
    return base;
  }

  Response get(String path) throws IOException, InterruptedException {
    return send(HttpRequest.newBuilder(base.resolve(path)).GET());
  }

  Response post(String path, String json) throws IOException, InterruptedException {
    return send(HttpRequest.newBuilder(base.resolve(path))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json)));
  }

  Response put(String path, String json) throws IOException, InterruptedException {
    return send(HttpRequest.newBuilder(base.resolve(path))
        .header("Content-Type", "application/json")
        .PUT(HttpRequest.BodyPublishers.ofString(json)));
  }

  Response delete(String path) throws IOException, InterruptedException {
    return send(HttpRequest.newBuilder(base.resolve(path)).DELETE());
  }

  HttpResponse<Void> head(String path) throws IOException, InterruptedException {
    return http.send(authorized(HttpRequest.newBuilder(base.resolve(path)).method("HEAD", HttpRequest.BodyPublishers.noBody())),
        HttpResponse.BodyHandlers.discarding());
  }

  /**
   * A streamed GET of the bytes from {@code offset} on: a {@code Range} request when the offset is past 0, answered 206
   * only while the bytes still have the entity tag {@code etag}, else 200 with all of them.
   */
  HttpResponse<InputStream> download(String path, long offset, String etag) throws IOException, InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).GET();
    if (offset > 0) {
      request.header("Range", "bytes=" + offset + "-").header("If-Range", etag);
    }
    return http.send(authorized(request), HttpResponse.BodyHandlers.ofInputStream());
  }

  /** The timeout bounds the wait for the response's headers, not the reading of a streamed body. */
  private HttpRequest authorized(HttpRequest.Builder request) {
    if (!token.isEmpty()) {
      request.header("Authorization", "Bearer " + token);
    }
    return request.timeout(Duration.ofSeconds(30)).build();
  }

  private Response send(HttpRequest.Builder request) throws IOException, InterruptedException {
    HttpResponse<String> response = http.send(authorized(request), HttpResponse.BodyHandlers.ofString());
    String body = response.body();
    return new Response(response.statusCode(), body.isBlank() ? JSON.nullNode() : JSON.readTree(body));
  }

  record Response(int status, JsonNode body) {
    boolean ok() {
      return status / 100 == 2;
    }

    /** A problem+json answer as one readable block: detail, then each bad field. */
    String problem() {
      StringBuilder text = new StringBuilder("HTTP " + status + ": " + body.path("detail").asString(body.toString()));
      for (JsonNode error : body.path("errors")) {
        text.append("\n  ").append(error.path("field").asString()).append(": ").append(error.path("message").asString());
      }
      return text.toString();
    }
  }
}
