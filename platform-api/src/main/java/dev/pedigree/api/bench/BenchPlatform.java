package dev.pedigree.api.bench;

import dev.pedigree.api.PlatformApiApplication;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.UUID;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A throw-away platform in this JVM: embedded Postgres (started here so that it can be stopped and its data deleted
 * when the benchmark ends), the API on a random port, Temporal's embedded server, known tokens, and a compute worker
 * only when asked for.
 */
public final class BenchPlatform implements AutoCloseable {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final Path home;
  private final EmbeddedPostgres postgres;
  private final ConfigurableApplicationContext context;
  private final URI base;
  private final String adminToken = "bench-admin-" + UUID.randomUUID();
  private final String workerToken = "bench-worker-" + UUID.randomUUID();
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  private BenchPlatform(Path home, boolean worker) throws IOException {
    this.home = home;
    this.postgres = EmbeddedPostgres.builder().setDataDirectory(home.resolve("postgres")).start();
    this.context = SpringApplication.run(PlatformApiApplication.class,
        "--pedigree.home=" + home,
        "--server.port=0",
        "--pedigree.db.url=" + postgres.getJdbcUrl("postgres", "postgres"),
        "--pedigree.db.user=postgres",
        "--pedigree.temporal.embedded-port=0",
        "--pedigree.worker.embedded=" + worker,
        "--pedigree.admin-token=" + adminToken,
        "--pedigree.worker-token=" + workerToken,
        "--logging.level.root=WARN",
        "--logging.level.io.temporal=ERROR");
    this.base = URI.create("http://127.0.0.1:" + context.getEnvironment().getProperty("local.server.port"));
  }

  /** Without a compute worker: runs stay queued. */
  public static BenchPlatform start() throws IOException {
    return new BenchPlatform(Files.createTempDirectory("pedigree-bench-"), false);
  }

  /** With the embedded compute worker: runs train. */
  static BenchPlatform startWithWorker() throws IOException {
    return new BenchPlatform(Files.createTempDirectory("pedigree-bench-"), true);
  }

  public URI base() {
    return base;
  }

  String workerToken() {
    return workerToken;
  }

  DataSource dataSource() {
    return context.getBean(DataSource.class);
  }

  /**
   * A run that never trains: a one-step pretrain that stays queued, since this platform has no compute worker. Its
   * metrics endpoint takes points all the same.
   */
  UUID createIdleRun(String name) throws IOException, InterruptedException {
    return submit("{\"name\":\"" + name + "\",\"project\":\"bench\",\"kind\":\"pretrain\","
        + "\"spec\":{\"training\":{\"steps\":1},\"device\":\"cpu\"}}");
  }

  /** Submits a run (the body of {@code POST /api/v1/runs}) and returns its id. */
  UUID submit(String body) throws IOException, InterruptedException {
    return created("/api/v1/runs", body);
  }

  /** Submits a sweep (the body of {@code POST /api/v1/sweeps}) and returns its id. */
  UUID submitSweep(String body) throws IOException, InterruptedException {
    return created("/api/v1/sweeps", body);
  }

  private UUID created(String path, String body) throws IOException, InterruptedException {
    String created = post(path, body.getBytes(StandardCharsets.UTF_8), adminToken);
    return UUID.fromString(JSON.readTree(created).path("id").asString());
  }

  /** {@code GET path} as the admin, the body parsed. */
  JsonNode get(String path) throws IOException, InterruptedException {
    HttpRequest request = HttpRequest.newBuilder(base.resolve(path))
        .header("Authorization", "Bearer " + adminToken)
        .timeout(Duration.ofSeconds(60))
        .GET()
        .build();
    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() / 100 != 2) {
      throw new IllegalStateException("GET " + path + " answered " + response.statusCode() + ": " + response.body());
    }
    return JSON.readTree(response.body());
  }

  /** One metric batch, as a worker sends it. */
  void ingest(UUID run, byte[] batch) throws IOException, InterruptedException {
    post("/api/v1/runs/" + run + "/metrics", batch, workerToken);
  }

  private String post(String path, byte[] body, String token) throws IOException, InterruptedException {
    HttpRequest request = HttpRequest.newBuilder(base.resolve(path))
        .header("Authorization", "Bearer " + token)
        .header("Content-Type", "application/json")
        .timeout(Duration.ofSeconds(60))
        .POST(HttpRequest.BodyPublishers.ofByteArray(body))
        .build();
    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() / 100 != 2) {
      throw new IllegalStateException("POST " + path + " answered " + response.statusCode() + ": " + response.body());
    }
    return response.body();
  }

  @Override
  public void close() throws IOException {
    try {
      context.close();
    } finally {
      postgres.close();
      try (Stream<Path> paths = Files.walk(home)) {
        for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(path);
        }
      }
    }
  }
}
