package dev.pedigree.workers.activity;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Against a real local HTTP server: batches are bounded, ordered per key, and survive an outage of the API. */
class MetricBatcherTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Map<String, List<Long>> received = new ConcurrentHashMap<>();
  private final List<Integer> batchSizes = new CopyOnWriteArrayList<>();
  private final AtomicInteger failuresLeft = new AtomicInteger();
  private HttpServer server;

  @AfterEach
  void stop() {
    server.stop(0);
  }

  @Test
  void largeBacklogsGoOutInBoundedOrderedChunks() throws IOException {
    UUID run = UUID.randomUUID();
    try (MetricBatcher batcher = new MetricBatcher(client(), run, 1)) {
      for (long step = 1; step <= 50_000; step++) {
        batcher.add("train/loss", step, 1.0 / step);
      }
    }

    assertThat(received.get("train/loss")).hasSize(50_000).isSorted();
    assertThat(batchSizes).allSatisfy(size -> assertThat(size).isLessThanOrEqualTo(MetricBatcher.MAX_POINTS_PER_REQUEST));
  }

  @Test
  void pointsStayBufferedWhileTheApiIsDownAndArriveOnceInOrder() throws IOException {
    failuresLeft.set(3);
    UUID run = UUID.randomUUID();
    try (MetricBatcher batcher = new MetricBatcher(client(), run, 2)) {
      for (long step = 1; step <= 300; step++) {
        batcher.add("train/loss", step, step);
        batcher.add("lr", step, 0.1);
        batcher.add("val/loss", step, Double.NaN);
      }
    }

    assertThat(received.get("train/loss")).containsExactlyElementsOf(
        java.util.stream.LongStream.rangeClosed(1, 300).boxed().toList());
    assertThat(received.get("lr")).hasSize(300);
    assertThat(received).doesNotContainKey("val/loss");
  }

  @Test
  void theFirstPointGoesOutAtOnceNotAtTheNextFlush() throws Exception {
    UUID run = UUID.randomUUID();
    try (MetricBatcher batcher = new MetricBatcher(client(), run, 1, Duration.ofHours(1).toMillis())) {
      batcher.add("train/loss", 1, 2.5);
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (!received.containsKey("train/loss") && System.nanoTime() < deadline) {
        Thread.sleep(5);
      }
      assertThat(received.get("train/loss")).as("delivered before close, an hour before the first flush")
          .containsExactly(1L);
    }
  }

  private PlatformClient client() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", exchange -> {
      byte[] body = exchange.getRequestBody().readAllBytes();
      if (failuresLeft.getAndDecrement() > 0) {
        exchange.sendResponseHeaders(503, -1);
        exchange.close();
        return;
      }
      JsonNode batch = JSON.readTree(body);
      int points = 0;
      for (JsonNode series : batch.get("series")) {
        List<Long> steps = received.computeIfAbsent(series.get("key").asText(), k -> new CopyOnWriteArrayList<>());
        for (JsonNode point : series.get("points")) {
          steps.add(point.get(0).asLong());
          points++;
        }
      }
      batchSizes.add(points);
      exchange.sendResponseHeaders(200, -1);
      exchange.close();
    });
    server.start();
    return new PlatformClient(URI.create("http://127.0.0.1:" + server.getAddress().getPort()), "token",
        Duration.ofSeconds(30));
  }
}
