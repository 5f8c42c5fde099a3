package dev.pedigree.workers;

import com.sun.net.httpserver.HttpServer;
import dev.pedigree.workers.activity.ComputeWorker;
import dev.pedigree.workers.store.ArtifactStore;
import dev.pedigree.workers.store.S3Settings;
import dev.pedigree.workers.temporal.TemporalConnection;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.worker.WorkerFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code pedigree worker}: a compute worker process. It needs Temporal, the API's URL and a worker token — never
 * database credentials. SIGTERM makes a running training checkpoint at its next step boundary before the JVM exits.
 */
public final class WorkerMain {
  private static final Logger log = LoggerFactory.getLogger(WorkerMain.class);

  private WorkerMain() {}

  public static void main(String[] args) throws IOException {
    Path home = Path.of(env("PEDIGREE_HOME", System.getProperty("user.home") + "/.pedigree"));
    TemporalConnection temporal =
        new TemporalConnection(
            env("PEDIGREE_TEMPORAL_TARGET", "127.0.0.1:7233"),
            env("PEDIGREE_TEMPORAL_NAMESPACE", "default"),
            env("PEDIGREE_TEMPORAL_TLS_CERT", ""),
            env("PEDIGREE_TEMPORAL_TLS_KEY", ""),
            env("PEDIGREE_TEMPORAL_TLS_CA", ""));
    String queue = env("PEDIGREE_WORKER_QUEUE", "pedigree-cpu");
    URI apiUrl = URI.create(env("PEDIGREE_API_URL", "http://127.0.0.1:8080"));
    ArtifactStore store = ArtifactStore.at(
        env("PEDIGREE_ARTIFACTS", home.resolve("artifacts").toString()), S3Settings.fromEnvironment(),
        home.resolve("cache"));
    Duration grace = Duration.ofSeconds(Long.parseLong(env("PEDIGREE_WORKER_SHUTDOWN_GRACE", "120")));
    String identity = identity();

    WorkflowServiceStubs service = temporal.connect();
    WorkflowClient client =
        WorkflowClient.newInstance(
            service, WorkflowClientOptions.newBuilder().setNamespace(temporal.namespace()).setIdentity(identity).build());
    WorkerFactory factory = WorkerFactory.newInstance(client);
    AtomicBoolean shuttingDown = new AtomicBoolean();
    ComputeWorker.register(factory, queue, apiUrl, workerToken(home), store, identity, shuttingDown);
    factory.start();
    String healthPort = env("PEDIGREE_WORKER_HEALTH_PORT", "");
    if (!healthPort.isBlank()) {
      serveHealth(Integer.parseInt(healthPort), factory);
    }
    log.info("compute worker {} polling {} on {} (namespace {})", identity, queue, temporal.target(), temporal.namespace());

    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  log.info("shutting down: running training checkpoints at its next step boundary");
                  shuttingDown.set(true);
                  factory.shutdown();
                  factory.awaitTermination(grace.toSeconds(), TimeUnit.SECONDS);
                  service.shutdown();
                },
                "worker-shutdown"));
  }

  private static String workerToken(Path home) throws IOException {
    String token = env("PEDIGREE_WORKER_TOKEN", "");
    if (!token.isBlank()) {
      return token;
    }
    Path file = home.resolve("worker.token");
    if (!Files.exists(file)) {
      throw new IllegalStateException("no worker token: set PEDIGREE_WORKER_TOKEN or start the platform first ("
          + file + " is written by an embedded platform)");
    }
    return Files.readString(file, StandardCharsets.UTF_8).trim();
  }

  private static void serveHealth(int port, WorkerFactory factory) {
    try {
      HttpServer server = HttpServer.create(new InetSocketAddress(port), 0);
      server.createContext("/healthz", exchange -> {
        boolean up = factory.isStarted() && !factory.isShutdown();
        byte[] body = (up ? "UP" : "DOWN").getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(up ? 200 : 503, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
      });
      server.start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot serve worker health on port " + port, e);
    }
  }

  private static String identity() {
    String host;
    try {
      host = InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      host = "unknown-host";
    }
    return "worker-" + ManagementFactory.getRuntimeMXBean().getPid() + "@" + host;
  }

  private static String env(String name, String fallback) {
    String value = System.getenv(name);
    return value == null || value.isBlank() ? fallback : value;
  }
}
