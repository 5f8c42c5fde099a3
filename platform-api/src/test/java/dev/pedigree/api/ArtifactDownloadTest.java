package dev.pedigree.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** {@code GET /artifacts/{id}/content} of a model the embedded platform trained, read back over real HTTP. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ArtifactDownloadTest extends EmbeddedPlatformTest {
  private static final HttpClient CLIENT = HttpClient.newHttpClient();
  private static JsonNode run;

  @LocalServerPort int port;

  @BeforeEach
  void trainOnce() {
    if (run == null) {
      run = TinyModel.train(new Http(port), "download");
    }
  }

  @Test
  void theModelDownloadsWithItsRecordedSha256() throws Exception {
    JsonNode model = TinyModel.output(run, "model");
    byte[] stored = Files.readAllBytes(Path.of(URI.create(model.path("uri").asString())));

    HttpResponse<byte[]> response = get(model, Map.of());

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).hasSize(model.path("bytes").asInt()).isEqualTo(stored);
    assertThat(sha256(response.body())).isEqualTo(model.path("sha256").asString());
    String fileName = Path.of(URI.create(model.path("uri").asString())).getFileName().toString();
    assertThat(response.headers().map())
        .containsEntry("etag", List.of("\"" + model.path("sha256").asString() + "\""))
        .containsEntry("content-type", List.of("application/octet-stream"))
        .containsEntry("content-disposition", List.of("attachment; filename=\"" + fileName + "\""))
        .containsEntry("accept-ranges", List.of("bytes"))
        .containsEntry("repr-digest", List.of("sha-256=:" + Base64.getEncoder().encodeToString(
            HexFormat.of().parseHex(model.path("sha256").asString())) + ":"));
    assertThat(model.path("contentUrl").asString()).isEqualTo("/api/v1/artifacts/" + id(model) + "/content");
  }

  @Test
  void aRangeIsExactlyItsSliceAndOneCanResumeFromAnyByte() throws Exception {
    JsonNode model = TinyModel.output(run, "model");
    byte[] stored = Files.readAllBytes(Path.of(URI.create(model.path("uri").asString())));
    String etag = "\"" + model.path("sha256").asString() + "\"";

    HttpResponse<byte[]> slice = get(model, Map.of("Range", "bytes=10-99"));
    HttpResponse<byte[]> tail = get(model, Map.of("Range", "bytes=1000-", "If-Range", etag));
    HttpResponse<byte[]> suffix = get(model, Map.of("Range", "bytes=-7"));
    HttpResponse<byte[]> staleIfRange = get(model, Map.of("Range", "bytes=1000-", "If-Range", "\"other\""));

    assertThat(slice.statusCode()).isEqualTo(206);
    assertThat(slice.body()).isEqualTo(Arrays.copyOfRange(stored, 10, 100));
    assertThat(slice.headers().firstValue("Content-Range")).hasValue("bytes 10-99/" + stored.length);
    assertThat(slice.headers().firstValueAsLong("Content-Length")).hasValue(90);
    assertThat(tail.statusCode()).isEqualTo(206);
    assertThat(tail.body()).isEqualTo(Arrays.copyOfRange(stored, 1000, stored.length));
    assertThat(suffix.body()).isEqualTo(Arrays.copyOfRange(stored, stored.length - 7, stored.length));
    assertThat(staleIfRange.statusCode()).isEqualTo(200);
    assertThat(staleIfRange.body()).isEqualTo(stored);
  }

  @Test
  void aRangePastTheEndIs416AndAKnownEtagIs304AndHeadSendsNoBody() throws Exception {
    JsonNode model = TinyModel.output(run, "model");
    long size = model.path("bytes").asLong();

    HttpResponse<byte[]> pastEnd = get(model, Map.of("Range", "bytes=" + size + "-"));
    HttpResponse<byte[]> unchanged = get(model, Map.of("If-None-Match", "\"" + model.path("sha256").asString() + "\""));
    HttpResponse<byte[]> head = CLIENT.send(HttpRequest.newBuilder(content(model))
        .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofByteArray());

    assertThat(pastEnd.statusCode()).isEqualTo(416);
    assertThat(pastEnd.headers().firstValue("Content-Range")).hasValue("bytes */" + size);
    assertThat(problem(pastEnd).path("type").asString()).endsWith("/range-not-satisfiable");
    assertThat(unchanged.statusCode()).isEqualTo(304);
    assertThat(unchanged.body()).isEmpty();
    assertThat(head.statusCode()).isEqualTo(200);
    assertThat(head.headers().firstValueAsLong("Content-Length")).hasValue(size);
    assertThat(head.body()).isEmpty();
  }

  @Test
  void unknownArtifactsAndArtifactsWithoutAFileInTheStoreAre404() throws Exception {
    JsonNode dataset = TinyModel.output(run, "dataset");
    HttpResponse<byte[]> unknown = CLIENT.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
        + "/api/v1/artifacts/" + UUID.randomUUID() + "/content")).build(), HttpResponse.BodyHandlers.ofByteArray());
    JsonNode outsideStore = register("model", "passwd", "file:///etc/passwd");

    HttpResponse<byte[]> recipe = get(dataset, Map.of());
    HttpResponse<byte[]> outside = get(outsideStore, Map.of());

    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(problem(unknown).path("title").asString()).isEqualTo("Artifact not found");
    assertThat(dataset.path("contentUrl").isNull()).isTrue();
    assertThat(recipe.statusCode()).isEqualTo(404);
    assertThat(problem(recipe).path("type").asString()).isEqualTo("https://pedigree.dev/problems/no-content");
    assertThat(problem(recipe).path("detail").asString()).contains(dataset.path("uri").asString());
    assertThat(outsideStore.path("contentUrl").isNull()).isTrue();
    assertThat(outside.statusCode()).isEqualTo(404);
    assertThat(problem(outside).path("type").asString()).endsWith("/no-content");
    assertThat(new String(outside.body())).doesNotContain("root:");
  }

  @Test
  void aFileTheStoreLostIs410() throws Exception {
    String runId = run.path("id").asString();
    Path lost = HOME.resolve("artifacts/runs/" + runId + "/ckpt-99999999.safetensors");
    JsonNode checkpoint = register("checkpoint", "lost", lost.toUri().toString());

    HttpResponse<byte[]> response = get(checkpoint, Map.of());

    assertThat(checkpoint.path("contentUrl").isNull()).isFalse();
    assertThat(response.statusCode()).isEqualTo(410);
    assertThat(problem(response).path("type").asString()).endsWith("/gone");
  }

  @Test
  void theEndpointIsInTheOpenApiDocument() {
    JsonNode openapi = new Http(port).get("/api/v1/openapi").json();
    assertThat(openapi.path("paths").has("/api/v1/artifacts/{id}/content")).isTrue();
  }

  private JsonNode register(String kind, String name, String uri) {
    Http.Response registered = new Http(port).post("/api/v1/runs/" + run.path("id").asString() + "/artifacts",
        Http.json(Map.of("kind", kind, "name", name, "uri", uri, "sha256", "0".repeat(64), "bytes", 10,
            "format", "safetensors")), Http.WORKER);
    assertThat(registered.status()).as(registered.json().toString()).isBetween(200, 201);
    return registered.json();
  }

  private HttpResponse<byte[]> get(JsonNode artifact, Map<String, String> headers) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(content(artifact));
    headers.forEach(request::header);
    return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  private URI content(JsonNode artifact) {
    return URI.create("http://127.0.0.1:" + port + "/api/v1/artifacts/" + id(artifact) + "/content");
  }

  private static String id(JsonNode artifact) {
    return artifact.path("id").asString();
  }

  private static JsonNode problem(HttpResponse<byte[]> response) {
    assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type ->
        assertThat(type).startsWith("application/problem+json"));
    return JsonMapper.builder().build().readTree(response.body());
  }

  private static String sha256(byte[] bytes) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }
}
