package dev.pedigree.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * The model registry over real HTTP: models, numbered versions, aliases and their history, and who may write. The
 * versions' artifacts are registered by a worker token for a run inserted as ended, so nothing trains.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ModelRegistryTest extends EmbeddedPlatformTest {
  @LocalServerPort int port;
  @Autowired DataSource dataSource;

  private Http http;
  private FakeArtifacts fakes;
  /** Names unique to this test: the platform and its database are shared with other test classes. */
  private final String prefix = "reg-" + UUID.randomUUID().toString().substring(0, 8);

  @BeforeEach
  void endedRun() {
    http = new Http(port);
    fakes = new FakeArtifacts(http, JdbcClient.create(dataSource));
  }

  @Test
  void aModelIsCreatedWithItsLocationListedNewestFirstAndDescribed() throws Exception {
    HttpResponse<String> created = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + port + "/api/v1/models"))
        .header("Content-Type", "application/json").header("Authorization", "Bearer " + Http.ADMIN)
        .POST(HttpRequest.BodyPublishers.ofString(Http.json(Map.of("name", prefix + "-a", "description", "first"))))
        .build(), HttpResponse.BodyHandlers.ofString());
    create(prefix + "-b");

    assertThat(created.statusCode()).isEqualTo(201);
    assertThat(created.headers().firstValue("Location")).hasValue("/api/v1/models/" + prefix + "-a");
    JsonNode model = http.get("/api/v1/models/" + prefix + "-a").json();
    assertThat(model.path("name").asString()).isEqualTo(prefix + "-a");
    assertThat(model.path("project").asString()).isEqualTo("default");
    assertThat(model.path("description").asString()).isEqualTo("first");
    assertThat(model.path("createdBy").asString()).isEqualTo("bootstrap-admin");
    assertThat(model.path("latestVersion").isNull()).isTrue();
    JsonNode page = http.get("/api/v1/models?q=" + prefix).json();
    assertThat(page.path("total").asLong()).isEqualTo(2);
    assertThat(page.path("items").valueStream().map(item -> item.path("name").asString()))
        .containsExactly(prefix + "-b", prefix + "-a");
    assertThat(http.get("/api/v1/models?q=" + prefix + "&project=elsewhere").json().path("total").asLong()).isZero();

    Http.Response patched = http.send("PATCH", "/api/v1/models/" + prefix + "-a",
        Http.json(Map.of("description", "the arithmetic model")), Http.ADMIN);
    assertThat(patched.status()).isEqualTo(200);
    assertThat(http.get("/api/v1/models/" + prefix + "-a").json().path("description").asString())
        .isEqualTo("the arithmetic model");
    assertThat(http.get("/api/v1/models/" + prefix + "-none").status()).isEqualTo(404);
    assertThat(http.get("/api/v1/openapi").json().path("paths").has("/api/v1/models/{name}/aliases/{alias}/history"))
        .isTrue();
  }

  @Test
  void aTakenOrMalformedNameIsRefusedNamingTheField() {
    create(prefix);

    Http.Response taken = http.post("/api/v1/models", Http.json(Map.of("name", prefix)), Http.ADMIN);
    Http.Response spaced = http.post("/api/v1/models", Http.json(Map.of("name", "two words")), Http.ADMIN);
    Http.Response tooLong = http.post("/api/v1/models", Http.json(Map.of("name", "m".repeat(129))), Http.ADMIN);
    Http.Response unknown = http.post("/api/v1/models", Http.json(Map.of("name", prefix + "-x", "stage", "prod")),
        Http.ADMIN);

    assertThat(taken.status()).isEqualTo(409);
    assertThat(taken.contentType()).startsWith("application/problem+json");
    assertThat(field(taken)).isEqualTo("$.name");
    assertThat(List.of(spaced.status(), tooLong.status(), unknown.status())).containsOnly(400);
    assertThat(List.of(field(spaced), field(tooLong), field(unknown))).containsExactly("$.name", "$.name", "$.stage");
  }

  /** Clients resolve {@code .} and {@code ..} in a URL path, so a model so named could never be read back. */
  @Test
  void aDotSegmentIsNoModelNameNorReference() {
    Http.Response dot = http.post("/api/v1/models", Http.json(Map.of("name", ".")), Http.ADMIN);
    Http.Response dots = http.post("/api/v1/models", Http.json(Map.of("name", "..")), Http.ADMIN);
    Http.Response reference = http.post("/api/v1/runs", Http.json(Map.of("name", prefix, "kind", "merge",
        "spec", Map.of("method", "linear", "parents", List.of("models:/../1", "models:/./1"),
            "weights", List.of(0.5, 0.5)))), Http.ADMIN);

    assertThat(List.of(dot.status(), dots.status(), reference.status())).containsOnly(400);
    assertThat(List.of(field(dot), field(dots))).containsExactly("$.name", "$.name");
    assertThat(reference.json().path("errors").valueStream().map(error -> error.path("field").asString()))
        .containsExactly("$.spec.parents[0]", "$.spec.parents[1]");
    assertThat(reference.json().path("errors").valueStream().map(error -> error.path("message").asString()))
        .allMatch(message -> message.startsWith("must be a registry reference models:/<name>/<version>"));
    create(prefix + "...");
    assertThat(http.get("/api/v1/models/" + prefix + "...").status()).isEqualTo(200);
  }

  @Test
  void versionsAreNumberedInOrderAndARefusedRegistrationTakesNoNumber() {
    create(prefix);
    List<String> artifacts = IntStream.range(0, 4).mapToObj(i -> artifact("model", "m" + i)).toList();

    List<Integer> numbers = new ArrayList<>();
    for (String artifact : artifacts.subList(0, 3)) {
      Http.Response registered = register(prefix, artifact);
      assertThat(registered.status()).isEqualTo(201);
      numbers.add(registered.json().path("version").asInt());
    }
    Http.Response again = register(prefix, artifacts.get(1));
    Http.Response fourth = register(prefix, artifacts.get(3));

    assertThat(numbers).containsExactly(1, 2, 3);
    assertThat(again.status()).isEqualTo(409);
    assertThat(field(again)).isEqualTo("$.artifact");
    assertThat(again.json().path("errors").get(0).path("message").asString()).contains("version 2");
    assertThat(fourth.json().path("version").asInt()).isEqualTo(4);
    JsonNode version = http.get("/api/v1/models/" + prefix + "/versions/1").json();
    assertThat(version.path("name").asString()).isEqualTo(prefix);
    assertThat(version.path("artifact").path("id").asString()).isEqualTo(artifacts.get(0));
    assertThat(version.path("artifact").path("sha256").asString()).isEqualTo("0".repeat(64));
    assertThat(version.path("run").path("id").asString()).isEqualTo(fakes.run().toString());
    assertThat(version.path("createdBy").asString()).isEqualTo("bootstrap-admin");
    assertThat(http.get("/api/v1/models/" + prefix + "/versions").json().valueStream()
        .map(v -> v.path("version").asInt())).containsExactly(4, 3, 2, 1);
    assertThat(http.get("/api/v1/models/" + prefix).json().path("latestVersion").path("version").asInt())
        .isEqualTo(4);
    assertThat(http.get("/api/v1/models/" + prefix + "/versions/5").status()).isEqualTo(404);
    assertThat(http.get("/api/v1/artifacts/" + artifacts.get(2) + "/model-versions").json().valueStream()
        .map(v -> v.path("name").asString() + " v" + v.path("version").asInt())).containsExactly(prefix + " v3");
  }

  @Test
  void onlyAKnownModelArtifactBecomesAVersion() {
    create(prefix);

    Http.Response dataset = register(prefix, artifact("dataset", "data"));
    Http.Response checkpoint = register(prefix, artifact("checkpoint", "ckpt"));
    Http.Response unknown = register(prefix, UUID.randomUUID().toString());
    Http.Response garbage = register(prefix, "models:/x/1");

    assertThat(List.of(dataset.status(), checkpoint.status(), unknown.status(), garbage.status())).containsOnly(400);
    assertThat(List.of(field(dataset), field(checkpoint), field(unknown), field(garbage))).containsOnly("$.artifact");
    assertThat(dataset.json().path("errors").get(0).path("message").asString()).endsWith("is a dataset");
    assertThat(http.get("/api/v1/models/" + prefix + "/versions").json().size()).isZero();
  }

  @Test
  void anAliasMovesKeepsItsHistoryAndLatestNamesTheNewest() {
    create(prefix);
    register(prefix, artifact("model", "v1"));
    register(prefix, artifact("model", "v2"));

    Http.Response set = moveAlias(prefix, "champion", 1);
    Http.Response moved = moveAlias(prefix, "champion", 2);
    JsonNode named = http.get("/api/v1/models/" + prefix + "/aliases/champion").json();
    JsonNode model = http.get("/api/v1/models/" + prefix).json();
    Http.Response deleted = http.send("DELETE", "/api/v1/models/" + prefix + "/aliases/champion", null, Http.ADMIN);
    JsonNode history = http.get("/api/v1/models/" + prefix + "/aliases/champion/history").json();

    assertThat(set.json().path("aliases").valueStream().map(JsonNode::asString)).containsExactly("champion");
    assertThat(moved.json().path("version").asInt()).isEqualTo(2);
    assertThat(named.path("version").asInt()).isEqualTo(2);
    assertThat(model.path("aliases").get(0).path("alias").asString()).isEqualTo("champion");
    assertThat(model.path("aliases").get(0).path("version").asInt()).isEqualTo(2);
    assertThat(deleted.status()).isEqualTo(204);
    assertThat(http.get("/api/v1/models/" + prefix + "/aliases/champion").status()).isEqualTo(404);
    assertThat(history.valueStream().map(move -> move.path("fromVersion").asString("-") + "→"
        + move.path("toVersion").asString("-"))).containsExactly("-→1", "1→2", "2→-");
    assertThat(history.get(0).path("movedBy").asString()).isEqualTo("bootstrap-admin");
    assertThat(http.get("/api/v1/models/" + prefix + "/aliases/latest").json().path("version").asInt()).isEqualTo(2);
  }

  @Test
  void aBadAliasOrVersionIsRefusedNamingIt() {
    create(prefix);
    register(prefix, artifact("model", "v1"));

    Http.Response latest = moveAlias(prefix, "latest", 1);
    Http.Response upper = moveAlias(prefix, "Champion", 1);
    Http.Response missing = moveAlias(prefix, "champion", 2);
    Http.Response text = http.send("PUT", "/api/v1/models/" + prefix + "/aliases/champion",
        Http.json(Map.of("version", "1")), Http.ADMIN);

    assertThat(List.of(latest.status(), upper.status(), missing.status(), text.status())).containsOnly(400);
    assertThat(List.of(field(latest), field(upper), field(missing), field(text)))
        .containsExactly("alias", "alias", "$.version", "$.version");
    assertThat(latest.json().path("errors").get(0).path("message").asString()).contains("reserved");
  }

  /** Every move takes the model's row lock: each starts where the one before it left the alias. */
  @Test
  void concurrentMovesAreAllRecordedInTheOrderTheyTookEffect() throws Exception {
    create(prefix);
    int moves = 8;
    for (int i = 0; i < moves; i++) {
      register(prefix, artifact("model", "v" + i));
    }
    CountDownLatch start = new CountDownLatch(1);
    List<Future<Integer>> answers = new ArrayList<>();
    ExecutorService threads = Executors.newFixedThreadPool(moves);
    try {
      for (int version = 1; version <= moves; version++) {
        int target = version;
        answers.add(threads.submit(() -> {
          start.await();
          return moveAlias(prefix, "champion", target).status();
        }));
      }
      start.countDown();
      for (Future<Integer> answer : answers) {
        assertThat(answer.get()).isEqualTo(200);
      }
    } finally {
      threads.shutdownNow();
    }

    JsonNode history = http.get("/api/v1/models/" + prefix + "/aliases/champion/history").json();
    assertThat(history.size()).isEqualTo(moves);
    assertThat(history.get(0).path("fromVersion").isNull()).isTrue();
    for (int i = 1; i < moves; i++) {
      assertThat(history.get(i).path("fromVersion").asInt()).isEqualTo(history.get(i - 1).path("toVersion").asInt());
      assertThat(history.get(i).path("movedAt").asString()).isGreaterThanOrEqualTo(
          history.get(i - 1).path("movedAt").asString());
    }
    assertThat(history.valueStream().map(move -> move.path("toVersion").asInt()))
        .containsExactlyInAnyOrderElementsOf(IntStream.rangeClosed(1, moves).boxed().toList());
    assertThat(http.get("/api/v1/models/" + prefix + "/aliases/champion").json().path("version").asInt())
        .isEqualTo(history.get(moves - 1).path("toVersion").asInt());
  }

  @Test
  void aProjectTokenReachesOnlyItsProjectsModelsAndWorkersAndStrangersWriteNothing() {
    String team = prefix + "-team";
    String teamToken = http.post("/api/v1/tokens", Http.json(Map.of("name", "team-user", "role", "user",
        "project", team)), Http.ADMIN).json().path("token").asString();
    create(prefix + "-shared");
    register(prefix + "-shared", artifact("model", "shared"));

    Http.Response own = http.post("/api/v1/models", Http.json(Map.of("name", prefix + "-own")), teamToken);
    Http.Response elsewhere = http.post("/api/v1/models", Http.json(Map.of("name", prefix + "-x",
        "project", "default")), teamToken);
    Http.Response foreignVersion = register(prefix + "-shared", artifact("model", "mine"), teamToken);
    Http.Response foreignAlias = http.send("PUT", "/api/v1/models/" + prefix + "-shared/aliases/champion",
        Http.json(Map.of("version", 1)), teamToken);
    Http.Response ownVersion = register(prefix + "-own", artifact("model", "own"), teamToken);
    Http.Response worker = http.post("/api/v1/models", Http.json(Map.of("name", prefix + "-w")), Http.WORKER);
    Http.Response anonymous = http.post("/api/v1/models", Http.json(Map.of("name", prefix + "-n")), null);
    Http.Response workerAlias = http.send("PUT", "/api/v1/models/" + prefix + "-shared/aliases/champion",
        Http.json(Map.of("version", 1)), Http.WORKER);

    assertThat(own.status()).isEqualTo(201);
    assertThat(own.json().path("project").asString()).isEqualTo(team);
    assertThat(ownVersion.status()).isEqualTo(201);
    assertThat(List.of(elsewhere.status(), foreignVersion.status(), foreignAlias.status(), worker.status(),
        workerAlias.status())).containsOnly(403);
    assertThat(anonymous.status()).isEqualTo(401);
    assertThat(http.get("/api/v1/models/" + prefix + "-shared").json().path("aliases").size()).isZero();
    assertThat(http.get("/api/v1/models/" + prefix + "-w").status()).isEqualTo(404);
  }

  private void create(String name) {
    Http.Response created = http.post("/api/v1/models", Http.json(Map.of("name", name)), Http.ADMIN);
    assertThat(created.status()).as(created.json().toString()).isEqualTo(201);
  }

  private Http.Response register(String name, String artifact) {
    return register(name, artifact, Http.ADMIN);
  }

  private Http.Response register(String name, String artifact, String token) {
    return http.post("/api/v1/models/" + name + "/versions", Http.json(Map.of("artifact", artifact)), token);
  }

  private Http.Response moveAlias(String name, String alias, int version) {
    return http.send("PUT", "/api/v1/models/" + name + "/aliases/" + alias, Http.json(Map.of("version", version)),
        Http.ADMIN);
  }

  private String artifact(String kind, String name) {
    return fakes.register(kind, name);
  }

  private static String field(Http.Response response) {
    return response.json().path("errors").get(0).path("field").asString();
  }
}
