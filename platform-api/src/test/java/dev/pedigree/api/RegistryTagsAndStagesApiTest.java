package dev.pedigree.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/** Tags and stages written through Pedigree's own registry API, and what they are refused for. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class RegistryTagsAndStagesApiTest extends EmbeddedPlatformTest {
  @LocalServerPort int port;
  @Autowired DataSource dataSource;

  private Http http;
  /** Unique to this test: the platform and its database are shared with other test classes. */
  private final String name = "regtag-" + UUID.randomUUID().toString().substring(0, 8);

  @BeforeEach
  void modelWithThreeVersions() {
    http = new Http(port);
    FakeArtifacts fakes = new FakeArtifacts(http, JdbcClient.create(dataSource));
    assertThat(http.post("/api/v1/models", Http.json(Map.of("name", name)), Http.ADMIN).status()).isEqualTo(201);
    for (int i = 0; i < 3; i++) {
      http.post("/api/v1/models/" + name + "/versions", Http.json(Map.of("artifact", fakes.register("model", "v" + i))),
          Http.ADMIN);
    }
  }

  @Test
  void tagsAreSetReplacedAndDeletedOnModelsAndVersions() {
    Http.Response set = put("/tags/task", Map.of("value", "arith"), Http.ADMIN);
    put("/tags/owner", Map.of("value", "ana"), Http.ADMIN);
    put("/tags/owner", Map.of("value", "bo"), Http.ADMIN);
    Http.Response versionTag = put("/versions/2/tags/data", Map.of("value", "v2"), Http.ADMIN);
    put("/versions/2/tags/mlflow.note", Map.of("value", ""), Http.ADMIN);
    Http.Response deleted = delete("/tags/task");
    Http.Response deletedAgain = delete("/tags/task");
    Http.Response versionDeleted = delete("/versions/2/tags/mlflow.note");

    assertThat(set.status()).isEqualTo(200);
    assertThat(set.json().path("tags").toString()).isEqualTo("{\"task\":\"arith\"}");
    assertThat(versionTag.status()).isEqualTo(200);
    assertThat(versionTag.json().path("version").asInt()).isEqualTo(2);
    assertThat(versionTag.json().path("tags").toString()).isEqualTo("{\"data\":\"v2\"}");
    assertThat(List.of(deleted.status(), deletedAgain.status(), versionDeleted.status())).containsOnly(204);
    assertThat(http.get("/api/v1/models/" + name).json().path("tags").toString()).isEqualTo("{\"owner\":\"bo\"}");
    assertThat(http.get("/api/v1/models/" + name + "/versions/2").json().path("tags").toString())
        .isEqualTo("{\"data\":\"v2\"}");
    assertThat(http.get("/api/v1/models/" + name + "/versions/1").json().path("tags").toString()).isEqualTo("{}");
  }

  @Test
  void stagesMoveArchiveOnRequestAndAreRecordedPerVersionAndPerModel() {
    Http.Response staged = stage(1, Map.of("stage", "staging"));
    stage(1, Map.of("stage", "Production"));
    Http.Response again = stage(1, Map.of("stage", "Production"));
    stage(2, Map.of("stage", "Production", "archiveExisting", false));
    Http.Response archiving = stage(3, Map.of("stage", "Production", "archiveExisting", true));

    assertThat(staged.status()).isEqualTo(200);
    assertThat(staged.json().path("stage").asString()).isEqualTo("Staging");
    assertThat(again.json().path("stage").asString()).isEqualTo("Production");
    assertThat(archiving.json().path("stage").asString()).isEqualTo("Production");
    assertThat(http.get("/api/v1/models/" + name + "/versions").json().valueStream()
        .map(v -> v.path("version").asInt() + ":" + v.path("stage").asString()))
        .containsExactly("3:Production", "2:Archived", "1:Archived");
    JsonNode history = http.get("/api/v1/models/" + name + "/stage-history").json();
    assertThat(history.valueStream().map(t -> "v" + t.path("version").asInt() + " " + t.path("fromStage").asString()
        + "→" + t.path("toStage").asString())).containsExactly("v1 None→Staging", "v1 Staging→Production",
        "v2 None→Production", "v1 Production→Archived", "v2 Production→Archived", "v3 None→Production");
    assertThat(history.get(0).path("transitionedBy").asString()).isEqualTo("bootstrap-admin");
    assertThat(http.get("/api/v1/models/" + name + "/versions/2/stage-history").json().valueStream()
        .map(t -> t.path("toStage").asString())).containsExactly("Production", "Archived");
    assertThat(http.get("/api/v1/openapi").json().path("paths").has("/api/v1/models/{name}/versions/{version}/stage"))
        .isTrue();
  }

  @Test
  void badTagsAndStagesAreRefusedNamingTheField() {
    Http.Response longValue = put("/tags/task", Map.of("value", "v".repeat(5001)), Http.ADMIN);
    Http.Response numberValue = put("/versions/1/tags/task", Map.of("value", 3), Http.ADMIN);
    Http.Response extra = put("/tags/task", Map.of("value", "a", "colour", "red"), Http.ADMIN);
    Http.Response longKey = put("/tags/" + "k".repeat(251), Map.of("value", "a"), Http.ADMIN);
    Http.Response unknownStage = stage(1, Map.of("stage", "Live"));
    Http.Response archiveToNone = stage(1, Map.of("stage", "None", "archiveExisting", true));
    Http.Response textArchive = stage(1, Map.of("stage", "Staging", "archiveExisting", "yes"));
    Http.Response noStage = stage(1, Map.of());

    List<Http.Response> refused = List.of(longValue, numberValue, extra, longKey, unknownStage, archiveToNone,
        textArchive, noStage);
    assertThat(refused).allSatisfy(response -> {
      assertThat(response.status()).isEqualTo(400);
      assertThat(response.contentType()).startsWith("application/problem+json");
    });
    assertThat(refused.stream().map(RegistryTagsAndStagesApiTest::field)).containsExactly("$.value", "$.value",
        "$.colour", "key", "$.stage", "$.archiveExisting", "$.archiveExisting", "$.stage");
    assertThat(longValue.json().path("errors").get(0).path("message").asString())
        .isEqualTo("must be at most 5000 characters without NUL; it has 5001");
    assertThat(unknownStage.json().path("detail").asString())
        .isEqualTo("$.stage must be one of None, Staging, Production or Archived, not 'Live'");
    assertThat(http.get("/api/v1/models/" + name).json().path("tags").toString()).isEqualTo("{}");
    assertThat(http.get("/api/v1/models/" + name + "/stage-history").json().size()).isZero();
  }

  @Test
  void unknownModelsAndVersionsAre404AndOnlyTheModelsProjectMayWrite() {
    String team = http.post("/api/v1/tokens", Http.json(Map.of("name", "elsewhere", "role", "user",
        "project", name + "-team")), Http.ADMIN).json().path("token").asString();

    Http.Response noModel = http.send("PUT", "/api/v1/models/" + name + "-none/tags/task",
        Http.json(Map.of("value", "a")), Http.ADMIN);
    Http.Response noVersion = put("/versions/4/tags/task", Map.of("value", "a"), Http.ADMIN);
    Http.Response noVersionStage = stage(4, Map.of("stage", "Staging"));
    Http.Response noModelHistory = http.get("/api/v1/models/" + name + "-none/stage-history");
    Http.Response otherProject = put("/tags/task", Map.of("value", "a"), team);
    Http.Response otherProjectStage = http.post("/api/v1/models/" + name + "/versions/1/stage",
        Http.json(Map.of("stage", "Staging")), team);
    Http.Response worker = put("/versions/1/tags/task", Map.of("value", "a"), Http.WORKER);
    Http.Response workerDelete = http.send("DELETE", "/api/v1/models/" + name + "/tags/task", null, Http.WORKER);
    Http.Response anonymous = put("/tags/task", Map.of("value", "a"), null);

    assertThat(List.of(noModel.status(), noVersion.status(), noVersionStage.status(), noModelHistory.status()))
        .containsOnly(404);
    assertThat(List.of(otherProject.status(), otherProjectStage.status(), worker.status(), workerDelete.status()))
        .containsOnly(403);
    assertThat(anonymous.status()).isEqualTo(401);
    assertThat(http.get("/api/v1/models/" + name).json().path("tags").toString()).isEqualTo("{}");
    assertThat(http.get("/api/v1/models/" + name + "/versions/1").json().path("stage").asString()).isEqualTo("None");
  }

  private Http.Response put(String path, Map<String, ?> body, String token) {
    return http.send("PUT", "/api/v1/models/" + name + path, Http.json(body), token);
  }

  private Http.Response delete(String path) {
    return http.send("DELETE", "/api/v1/models/" + name + path, null, Http.ADMIN);
  }

  private Http.Response stage(int version, Map<String, ?> body) {
    return http.post("/api/v1/models/" + name + "/versions/" + version + "/stage", Http.json(body), Http.ADMIN);
  }

  private static String field(Http.Response response) {
    return response.json().path("errors").get(0).path("field").asString();
  }
}
