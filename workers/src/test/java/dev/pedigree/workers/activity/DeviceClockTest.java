package dev.pedigree.workers.activity;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** A resumed attempt's device seconds go on from what the platform says the run spent before it. */
class DeviceClockTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void theAttemptReportSendsTheSetupTimeAndTheClockGoesOnFromTheAnswer() throws Exception {
    AtomicReference<JsonNode> report = new AtomicReference<>();
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", exchange -> {
      report.set(JSON.readTree(exchange.getRequestBody().readAllBytes()));
      byte[] answer = "{\"priorDeviceSeconds\": 1234.5}".getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(200, answer.length);
      exchange.getResponseBody().write(answer);
      exchange.close();
    });
    server.start();
    DeviceClock clock = new DeviceClock();
    Thread.sleep(20);
    try {
      PlatformClient platform = new PlatformClient(URI.create("http://127.0.0.1:" + server.getAddress().getPort()),
          "token", Duration.ofSeconds(30));
      double heldBefore = clock.heldSeconds();
      clock.continueFrom(platform.reportAttempt(UUID.randomUUID(), 2, 50, "w", "cuda", heldBefore));

      assertThat(report.get().get("heldSeconds").asDouble()).isEqualTo(heldBefore).isGreaterThanOrEqualTo(0.02);
      assertThat(report.get().get("fromStep").asLong()).isEqualTo(50);
      double first = clock.runSeconds();
      Thread.sleep(20);
      double later = clock.runSeconds();
      assertThat(first).isBetween(1234.5 + heldBefore, 1234.5 + clock.heldSeconds());
      assertThat(later - first).isGreaterThanOrEqualTo(0.02);
    } finally {
      server.stop(0);
    }
  }
}
