package dev.pedigree.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pedigree.api.webhook.Receiver;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The platform's events reach a configured webhook, in order: a run that ends, a pipeline at a gate, a pipeline that
 * ends, a sweep's trial and the sweep.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class WebhookEventsTest {
  private static final TestPlatform PLATFORM = TestPlatform.create("webhooks");
  private static final Receiver RECEIVER = Receiver.start(0);
  private static final JsonMapper JSON = JsonMapper.builder().build();

  @DynamicPropertySource
  static void platform(DynamicPropertyRegistry registry) {
    PLATFORM.register(registry);
    registry.add("pedigree.webhooks.url", RECEIVER::url);
  }

  @LocalServerPort int port;

  @AfterAll
  static void stopReceiver() {
    RECEIVER.close();
  }

  @Test
  void runsPipelinesAtTheirGatesAndSweepsArePostedOnceEachAsTheyEnd() {
    Http http = new Http(port);
    String run = TinyModel.train(http, "hooked").path("id").asString();
    String pipeline = http.post("/api/v1/pipelines", Http.json(Map.of("name", "hooked pipeline", "stages", List.of(
        Map.of("name", "first", "gate", "Start training?", "timeout", "P2D")))), Http.ADMIN).json().path("id")
        .asString();
    JsonNode waiting = await("pipeline.gate.waiting");
    http.post("/api/v1/pipelines/" + pipeline + "/gates/first/reject", "{\"comment\": \"wrong data\"}", Http.ADMIN);
    JsonNode ended = await("pipeline.ended");
    String sweep = http.post("/api/v1/sweeps", Http.json(Map.of("name", "hooked sweep", "kind", "pretrain",
        "spec", Map.of("model", Map.of("layers", 1, "dModel", 32, "heads", 2, "contextLength", 32),
            "data", Map.of("documents", 100), "training", Map.of("steps", 2, "batchSize", 4, "evalEvery", 2)),
        "method", "grid", "parameters", Map.of("training.learningRate", Map.of("values", List.of(0.001))),
        "objective", Map.of("metric", "val/loss", "goal", "minimize"))), Http.ADMIN).json().path("id").asString();
    JsonNode swept = await("sweep.ended");

    assertThat(await("run.ended")).isEqualTo(JSON.readTree("{\"event\": \"run.ended\", \"path\": \"/#/runs/" + run
        + "\", \"run\": \"" + run + "\", \"name\": \"hooked\", \"project\": \"default\", \"kind\": \"pretrain\","
        + " \"status\": \"SUCCEEDED\", \"error\": null}"));
    assertThat(waiting.path("pipeline").asString()).isEqualTo(pipeline);
    assertThat(waiting.path("stage").asString()).isEqualTo("first");
    assertThat(waiting.path("question").asString()).isEqualTo("Start training?");
    assertThat(Instant.parse(waiting.path("timeoutAt").asString())).as("two days after the gate was reached")
        .isBetween(Instant.now().plus(Duration.ofHours(47)), Instant.now().plus(Duration.ofHours(48)));
    assertThat(waiting.path("path").asString()).isEqualTo("/#/pipelines/" + pipeline);
    assertThat(ended.path("status").asString()).isEqualTo("FAILED");
    assertThat(ended.path("error").asString()).isEqualTo("gate first rejected by bootstrap-admin: wrong data");
    assertThat(swept.path("sweep").asString()).isEqualTo(sweep);
    assertThat(swept.path("status").asString()).isEqualTo("SUCCEEDED");
    assertThat(swept.path("best").path("trial").asInt()).isEqualTo(1);
    assertThat(swept.path("best").path("objective").isNumber()).isTrue();
    assertThat(RECEIVER.deliveries()).extracting(Receiver.Delivery::event).as("nothing for runs that only started")
        .containsExactly("run.ended", "pipeline.gate.waiting", "pipeline.ended", "run.ended", "sweep.ended");
  }

  private static JsonNode await(String event) {
    Awaitility.await().atMost(Duration.ofMinutes(1)).until(() ->
        RECEIVER.deliveries().stream().anyMatch(delivery -> delivery.event().equals(event)));
    return JSON.readTree(RECEIVER.deliveries().stream().filter(delivery -> delivery.event().equals(event))
        .findFirst().orElseThrow().body());
  }
}
