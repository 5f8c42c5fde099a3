package dev.pedigree.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * Real RL and preference runs through the embedded platform: each model gets a {@code reward} edge from one shared
 * {@code reward} artifact per reward name@version, reachable up from the model and down from the reward.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class RewardLineageTest extends EmbeddedPlatformTest {
  @LocalServerPort int port;
  @TempDir Path data;

  @Test
  void modelsTrainedWithARewardShareOneRewardNodeInTheirLineage() throws IOException, NoSuchAlgorithmException {
    Http http = new Http(port);
    String base = model(http, submit(http, "reward-base", "pretrain", Map.of(
        "model", Map.of("layers", 1, "dModel", 32, "heads", 2, "contextLength", 32),
        "data", Map.of("generator", "g-arith", "documents", 200),
        "training", Map.of("steps", 10, "batchSize", 4, "evalEvery", 10, "checkpointEvery", 10))));
    Path pairs = data.resolve("pairs.jsonl");
    Files.writeString(pairs,
        "{\"prompt\": \"Q: 2+3 =\", \"chosen\": \" <a>5</a>\\n\", \"rejected\": \" <a>6</a>\\n\"}\n");
    String grpo = model(http, submit(http, "reward-grpo", "rl", rl(base, "grpo")));
    String gtpo = model(http, submit(http, "reward-gtpo", "rl", rl(base, "gtpo")));
    String dpo = model(http, submit(http, "reward-dpo", "preference", Map.of("base", base, "method", "dpo",
        "pairs", Map.of("file", pairs.toString(), "reward", "arith-exact", "prompts", Map.of("evalPrompts", 4)),
        "steps", 2, "batchSize", 1, "evalEvery", 2, "checkpointEvery", 2)));

    JsonNode up = http.get("/api/v1/artifacts/" + grpo + "/lineage?direction=up&depth=1").json();
    JsonNode rewardEdge = edges(up, "reward").get(0);
    assertThat(edges(up, "reward")).hasSize(1);
    assertThat(rewardEdge.path("to").asString()).isEqualTo(grpo);
    assertThat(rewardEdge.path("params").path("reward").asString()).isEqualTo("arith-exact@1");
    assertThat(rewardEdge.path("params").path("method").asString()).isEqualTo("grpo");
    assertThat(edges(up, "rl_from").get(0).path("params").path("reward").asString()).isEqualTo("arith-exact@1");
    String reward = rewardEdge.path("from").asString();
    JsonNode rewardNode = up.path("nodes").valueStream()
        .filter(node -> node.path("id").asString().equals(reward)).findFirst().orElseThrow();
    assertThat(rewardNode.path("type").asString()).isEqualTo("artifact");
    assertThat(rewardNode.path("kind").asString()).isEqualTo("reward");
    assertThat(rewardNode.path("name").asString()).isEqualTo("arith-exact@1");

    JsonNode artifact = http.get("/api/v1/artifacts/" + reward).json();
    String expectedSha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
        .digest("reward:arith-exact@1".getBytes(StandardCharsets.UTF_8)));
    assertThat(artifact.path("sha256").asString()).isEqualTo(expectedSha256);
    assertThat(artifact.path("uri").asString()).isEqualTo("reward:arith-exact@1");
    assertThat(artifact.path("runId").isNull()).isTrue();
    for (String model : List.of(gtpo, dpo)) {
      JsonNode modelUp = http.get("/api/v1/artifacts/" + model + "/lineage?direction=up&depth=1").json();
      assertThat(edges(modelUp, "reward")).singleElement()
          .satisfies(edge -> assertThat(edge.path("from").asString()).as("one reward artifact").isEqualTo(reward));
    }

    JsonNode down = http.get("/api/v1/artifacts/" + reward + "/lineage?direction=down&depth=1").json();
    assertThat(down.path("edges").valueStream().map(edge -> edge.path("relation").asString()).distinct())
        .containsExactly("reward");
    assertThat(edges(down, "reward").stream().map(edge -> edge.path("to").asString()))
        .contains(grpo, gtpo, dpo).doesNotContain(base);
    assertThat(down.path("nodes").valueStream().filter(node -> !node.path("id").asString().equals(reward))
        .map(node -> node.path("kind").asString()).distinct()).containsExactly("model");
  }

  private static Map<String, Object> rl(String base, String method) {
    return Map.of("base", base, "method", method, "reward", "arith-exact", "prompts", Map.of("evalPrompts", 4),
        "groupSize", 2, "promptsPerStep", 2, "maxNewTokens", 6, "steps", 2, "evalEvery", 2, "checkpointEvery", 2);
  }

  private static List<JsonNode> edges(JsonNode lineage, String relation) {
    return lineage.path("edges").valueStream().filter(edge -> edge.path("relation").asString().equals(relation))
        .toList();
  }

  private static String submit(Http http, String name, String kind, Map<String, Object> spec) {
    Http.Response response =
        http.post("/api/v1/runs", Http.json(Map.of("name", name, "kind", kind, "spec", spec)), Http.ADMIN);
    assertThat(response.status()).as(response.json().toString()).isEqualTo(202);
    return response.json().path("id").asString();
  }

  /** Waits for the run to succeed and returns its model's artifact id. */
  private static String model(Http http, String runId) {
    await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(300)).until(() ->
        !List.of("QUEUED", "RUNNING").contains(http.get("/api/v1/runs/" + runId).json().path("status").asString()));
    JsonNode run = http.get("/api/v1/runs/" + runId).json();
    assertThat(run.path("status").asString()).as(run.path("error").asString()).isEqualTo("SUCCEEDED");
    return run.path("outputs").valueStream().filter(artifact -> artifact.path("kind").asString().equals("model"))
        .findFirst().orElseThrow().path("id").asString();
  }
}
