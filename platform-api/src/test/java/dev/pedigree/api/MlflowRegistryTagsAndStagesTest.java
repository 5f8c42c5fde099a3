package dev.pedigree.api;

import static dev.pedigree.api.MlflowRegistryCalls.assertError;
import static dev.pedigree.api.MlflowRegistryCalls.names;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mlflow.api.proto.ModelRegistry.ModelVersion;
import org.mlflow.api.proto.ModelRegistry.ModelVersionTag;
import org.mlflow.api.proto.ModelRegistry.RegisteredModel;
import org.mlflow.api.proto.ModelRegistry.RegisteredModelTag;
import org.mlflow.tracking.MlflowClient;
import org.mlflow.tracking.ModelVersionsPage;
import org.mlflow.tracking.creds.BasicMlflowHostCreds;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * MLflow's registry tags, stages, search order and last-updated times over Pedigree's registry: writes sent as the
 * Python client sends them, reads through MLflow's Java client where it has the call (its protobuf parsing checks
 * every field name), and what the writes make seen through {@code /api/v1/models}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class MlflowRegistryTagsAndStagesTest extends EmbeddedPlatformTest {
  @LocalServerPort int port;
  @Autowired DataSource dataSource;

  private Http http;
  private MlflowRegistryCalls mlflow;
  private MlflowClient client;
  /** Names unique to this test: the platform and its database are shared with other test classes. */
  private final String prefix = "mltag-" + UUID.randomUUID().toString().substring(0, 8);

  @BeforeEach
  void clients() {
    http = new Http(port);
    mlflow = new MlflowRegistryCalls(http);
    client = new MlflowClient(new BasicMlflowHostCreds("http://127.0.0.1:" + port, Http.ADMIN));
  }

  @Test
  void tagsSetOnCreateOrLaterShowInBothApisAndFilterSearches() {
    String approved = prefix + "-approved";
    String pending = prefix + "-pending";
    String untagged = prefix + "-untagged";
    mlflow.write("POST", "registered-models/create", Map.of("name", approved, "tags", List.of(
        tag("task", "arith"), tag("validation_status", "pending"))));
    mlflow.write("POST", "registered-models/create", Map.of("name", pending, "tags", List.of(
        tag("validation_status", "pending"))));
    mlflow.write("POST", "registered-models/create", Map.of("name", untagged));
    mlflow.write("POST", "model-versions/create", Map.of("name", approved, "source", model(),
        "tags", List.of(tag("data", "v1"))));
    mlflow.write("POST", "model-versions/create", Map.of("name", approved, "source", model()));

    mlflow.write("POST", "registered-models/set-tag", Map.of("name", approved, "key", "validation_status",
        "value", "approved"));
    mlflow.write("DELETE", "registered-models/delete-tag", Map.of("name", approved, "key", "task"));
    mlflow.write("POST", "model-versions/set-tag", Map.of("name", approved, "version", "2",
        "key", "validation_status", "value", "approved"));
    mlflow.write("POST", "model-versions/set-tag", Map.of("name", approved, "version", "1", "key", "data",
        "value", "v2"));
    mlflow.write("DELETE", "model-versions/delete-tag", Map.of("name", approved, "version", "1", "key", "nothing"));

    RegisteredModel model = client.getRegisteredModel(approved);
    assertThat(model.getTagsList()).extracting(RegisteredModelTag::getKey, RegisteredModelTag::getValue)
        .containsExactly(tuple("validation_status", "approved"));
    assertThat(client.getModelVersion(approved, "1").getTagsList())
        .extracting(ModelVersionTag::getKey, ModelVersionTag::getValue).containsExactly(tuple("data", "v2"));
    assertThat(client.searchModelVersions("name = '" + approved + "' AND tags.validation_status = 'approved'")
        .getItems()).extracting(ModelVersion::getVersion).containsExactly("2");
    assertThat(client.searchModelVersions("name = '" + approved + "' AND tag.`data` LIKE 'v%'").getItems())
        .extracting(ModelVersion::getVersion).containsExactly("1");
    assertThat(modelNames("tags.validation_status = 'approved'")).containsExactly(approved);
    assertThat(modelNames("tags.`validation_status` != 'approved'")).containsExactly(pending);
    assertThat(modelNames("tag.validation_status ILIKE 'PEND%'")).containsExactly(pending);
    assertThat(modelNames("tags.task = 'arith'")).isEmpty();
    assertThat(modelNames("tags.`mlflow.prompt.is_prompt` != 'true'")).containsExactly(approved, pending, untagged);

    JsonNode pedigree = http.get("/api/v1/models/" + approved).json();
    assertThat(pedigree.path("tags").toString()).isEqualTo("{\"validation_status\":\"approved\"}");
    assertThat(pedigree.path("latestVersion").path("tags").toString())
        .isEqualTo("{\"validation_status\":\"approved\"}");
    assertThat(http.get("/api/v1/models/" + approved + "/versions/1").json().path("tags").toString())
        .isEqualTo("{\"data\":\"v2\"}");
  }

  @Test
  void stagesMoveVersionsApartFromAliasesArchiveOnRequestAndFilterLatestVersions() {
    String name = prefix + "-stages";
    mlflow.write("POST", "registered-models/create", Map.of("name", name));
    for (int i = 0; i < 4; i++) {
      mlflow.write("POST", "model-versions/create", Map.of("name", name, "source", model()));
    }
    mlflow.write("POST", "registered-models/alias", Map.of("name", name, "alias", "champion", "version", "1"));

    JsonNode moved = mlflow.write("POST", "model-versions/transition-stage", Map.of("name", name, "version", "1",
        "stage", "Production", "archive_existing_versions", false));
    mlflow.write("POST", "model-versions/transition-stage", Map.of("name", name, "version", "2", "stage", "staging"));
    mlflow.write("POST", "model-versions/transition-stage", Map.of("name", name, "version", "3",
        "stage", "Production", "archive_existing_versions", true));

    assertThat(moved.path("model_version").path("current_stage").asString()).isEqualTo("Production");
    assertThat(client.getModelVersion(name, "1").getCurrentStage()).isEqualTo("Archived");
    assertThat(client.getModelVersion(name, "1").getAliasesList()).containsExactly("champion");
    assertThat(client.getLatestVersions(name, List.of("Production"))).extracting(ModelVersion::getVersion)
        .containsExactly("3");
    assertThat(client.getLatestVersions(name, List.of("Archived", "Staging")))
        .extracting(ModelVersion::getVersion, ModelVersion::getCurrentStage)
        .containsExactly(tuple("1", "Archived"), tuple("2", "Staging"));
    assertThat(client.getLatestVersions(name)).extracting(ModelVersion::getVersion)
        .containsExactly("1", "2", "3", "4");
    assertThat(client.getRegisteredModel(name).getLatestVersionsList())
        .extracting(ModelVersion::getVersion, ModelVersion::getCurrentStage)
        .containsExactly(tuple("1", "Archived"), tuple("2", "Staging"), tuple("3", "Production"), tuple("4", "None"));
    assertThat(http.get("/api/v1/models/" + name + "/versions/1/stage-history").json().valueStream()
        .map(move -> move.path("fromStage").asString() + ">" + move.path("toStage").asString() + " by "
            + move.path("transitionedBy").asString()))
        .containsExactly("None>Production by bootstrap-admin", "Production>Archived by bootstrap-admin");
    assertThat(http.get("/api/v1/models/" + name + "/versions/3").json().path("stage").asString())
        .isEqualTo("Production");
    assertThat(http.get("/api/v1/models/" + name).json().path("aliases").get(0).path("version").asInt())
        .isEqualTo(1);
  }

  @Test
  void searchesOrderAsAskedAndPageInThatOrder() throws InterruptedException {
    for (String suffix : List.of("a", "b", "c")) {
      mlflow.write("POST", "registered-models/create", Map.of("name", prefix + "-order-" + suffix));
    }
    String versions = prefix + "-order-b";
    for (int i = 0; i < 3; i++) {
      mlflow.write("POST", "model-versions/create", Map.of("name", versions, "source", model()));
    }
    Thread.sleep(5);
    mlflow.write("PATCH", "registered-models/update", Map.of("name", prefix + "-order-a", "description", "newest"));
    mlflow.write("POST", "model-versions/set-tag", Map.of("name", versions, "version", "1", "key", "k", "value", "v"));
    String filter = "name LIKE '" + prefix + "-order-%'";

    JsonNode firstPage = mlflow.write("POST", "registered-models/search", Map.of("filter", filter,
        "order_by", List.of("last_updated_timestamp DESC"), "max_results", 2));
    JsonNode secondPage = mlflow.write("POST", "registered-models/search", Map.of("filter", filter,
        "order_by", List.of("last_updated_timestamp DESC"), "max_results", 2,
        "page_token", firstPage.path("next_page_token").asString()));
    JsonNode byName = mlflow.write("POST", "registered-models/search", Map.of("filter", filter,
        "order_by", List.of("name DESC")));
    ModelVersionsPage byNumber = client.searchModelVersions("name = '" + versions + "'", 2,
        List.of("version_number ASC"));

    // A version's tag moves its model too, after a's description.
    assertThat(names(firstPage)).containsExactly(prefix + "-order-b", prefix + "-order-a");
    assertThat(names(secondPage)).containsExactly(prefix + "-order-c");
    assertThat(names(byName)).containsExactly(prefix + "-order-c", prefix + "-order-b", prefix + "-order-a");
    assertThat(byNumber.getItems()).extracting(ModelVersion::getVersion).containsExactly("1", "2");
    assertThat(((ModelVersionsPage) byNumber.getNextPage()).getItems()).extracting(ModelVersion::getVersion)
        .containsExactly("3");
    assertThat(versionNumbers(versions, "last_updated_timestamp DESC")).containsExactly("1", "3", "2");
    assertThat(versionNumbers(versions, "creation_timestamp DESC")).containsExactly("3", "2", "1");
    assertThat(versionNumbers(versions, "attributes.name")).containsExactly("3", "2", "1");
  }

  @Test
  void lastUpdatedTimesMoveWithWhatChangesThem() throws InterruptedException {
    String name = prefix + "-times";
    mlflow.write("POST", "registered-models/create", Map.of("name", name));
    mlflow.write("POST", "model-versions/create", Map.of("name", name, "source", model()));
    mlflow.write("POST", "model-versions/create", Map.of("name", name, "source", model()));
    ModelVersion created = client.getModelVersion(name, "1");
    long registered = client.getRegisteredModel(name).getLastUpdatedTimestamp();

    Thread.sleep(5);
    mlflow.write("POST", "registered-models/alias", Map.of("name", name, "alias", "champion", "version", "1"));
    long afterAlias = client.getRegisteredModel(name).getLastUpdatedTimestamp();
    ModelVersion aliased = client.getModelVersion(name, "1");
    Thread.sleep(5);
    mlflow.write("POST", "model-versions/set-tag", Map.of("name", name, "version", "1", "key", "k", "value", "v"));
    ModelVersion tagged = client.getModelVersion(name, "1");
    long afterTag = client.getRegisteredModel(name).getLastUpdatedTimestamp();
    Thread.sleep(5);
    mlflow.write("POST", "model-versions/transition-stage", Map.of("name", name, "version", "1",
        "stage", "Staging"));
    ModelVersion staged = client.getModelVersion(name, "1");

    assertThat(created.getLastUpdatedTimestamp()).isEqualTo(created.getCreationTimestamp());
    assertThat(afterAlias).isGreaterThan(registered);
    assertThat(aliased.getLastUpdatedTimestamp()).isEqualTo(created.getLastUpdatedTimestamp());
    assertThat(tagged.getLastUpdatedTimestamp()).isGreaterThan(aliased.getLastUpdatedTimestamp());
    assertThat(afterTag).isGreaterThan(afterAlias);
    assertThat(staged.getLastUpdatedTimestamp()).isGreaterThan(tagged.getLastUpdatedTimestamp());
    assertThat(client.getModelVersion(name, "2").getLastUpdatedTimestamp())
        .isEqualTo(client.getModelVersion(name, "2").getCreationTimestamp());
    assertThat(http.get("/api/v1/models/" + name + "/versions/1").json().path("updatedAt").asString())
        .isNotEqualTo(http.get("/api/v1/models/" + name + "/versions/1").json().path("createdAt").asString());
  }

  @Test
  void badTagsStagesAndOrdersAreRefusedNamingTheFieldAndForeignTokensWriteNothing() {
    String name = prefix + "-bad";
    mlflow.write("POST", "registered-models/create", Map.of("name", name));
    mlflow.write("POST", "model-versions/create", Map.of("name", name, "source", model()));
    String teamToken = http.post("/api/v1/tokens", Http.json(Map.of("name", prefix + "-team", "role", "user",
        "project", prefix + "-team")), Http.ADMIN).json().path("token").asString();

    assertError(mlflow.send("POST", "registered-models/set-tag", Map.of("name", name, "key", "k".repeat(251),
        "value", "v"), Http.ADMIN), 400, "INVALID_PARAMETER_VALUE", "key must be 1 to 250 characters");
    assertError(mlflow.send("POST", "model-versions/set-tag", Map.of("name", name, "version", "1", "key", "k",
        "value", "v".repeat(5001)), Http.ADMIN), 400, "INVALID_PARAMETER_VALUE", "value must be at most 5000");
    assertError(mlflow.send("DELETE", "registered-models/delete-tag", Map.of("name", name, "key", "a\u0000b"),
        Http.ADMIN), 400, "INVALID_PARAMETER_VALUE", "key must be");
    assertError(mlflow.send("POST", "model-versions/set-tag", Map.of("name", name, "version", "1", "key", "k",
        "value", "a\u0000b"), Http.ADMIN), 400, "INVALID_PARAMETER_VALUE", "value must be");
    assertError(mlflow.send("POST", "model-versions/search", Map.of("filter", "tags.`a\u0000b` = 'v'"), Http.ADMIN),
        400, "INVALID_PARAMETER_VALUE", "tag key");
    assertError(mlflow.send("POST", "registered-models/create", Map.of("name", prefix + "-never", "tags",
        List.of(tag("ok", "fine"), tag("long", "v".repeat(5001)))), Http.ADMIN), 400, "INVALID_PARAMETER_VALUE",
        "tags[1].value");
    assertError(mlflow.send("GET", "registered-models/get?name=" + prefix + "-never", null, null), 404,
        "RESOURCE_DOES_NOT_EXIST", prefix + "-never");
    assertError(mlflow.send("POST", "model-versions/transition-stage", Map.of("name", name, "version", "1",
        "stage", "Prod"), Http.ADMIN), 400, "INVALID_PARAMETER_VALUE", "stage must be one of None, Staging");
    assertError(mlflow.send("POST", "model-versions/transition-stage", Map.of("name", name, "version", "1",
        "stage", "None", "archive_existing_versions", true), Http.ADMIN), 400, "INVALID_PARAMETER_VALUE",
        "archive_existing_versions");
    assertError(mlflow.send("GET", "registered-models/get-latest-versions?name=" + name + "&stages=Live", null,
        null), 400, "INVALID_PARAMETER_VALUE", "'Live'");
    assertError(mlflow.send("POST", "registered-models/search", Map.of("order_by", List.of("creation_timestamp")),
        Http.ADMIN), 400, "INVALID_PARAMETER_VALUE", "last_updated_timestamp, name");
    assertError(mlflow.send("POST", "model-versions/search", Map.of("order_by", List.of("version_number UP")),
        Http.ADMIN), 400, "INVALID_PARAMETER_VALUE", "order_by 'version_number UP'");
    assertError(mlflow.send("POST", "registered-models/rename", Map.of("name", name, "new_name", name + "-2"),
        Http.ADMIN), 501, "NOT_IMPLEMENTED", "models:/");
    assertError(mlflow.send("POST", "registered-models/set-tag", Map.of("name", name, "key", "k", "value", "v"),
        teamToken), 403, "PERMISSION_DENIED", prefix + "-team");
    assertError(mlflow.send("POST", "model-versions/transition-stage", Map.of("name", name, "version", "1",
        "stage", "Production"), Http.WORKER), 403, "PERMISSION_DENIED", "worker");
    assertError(mlflow.send("DELETE", "model-versions/delete-tag", Map.of("name", name, "version", "1", "key", "k"),
        Http.WORKER), 403, "PERMISSION_DENIED", "worker");

    RegisteredModel model = client.getRegisteredModel(name);
    assertThat(model.getTagsList()).isEmpty();
    assertThat(model.getLatestVersionsList()).extracting(ModelVersion::getCurrentStage).containsExactly("None");
  }

  /**
   * A LIKE pattern ending in its escape character, which Postgres fails on once it scans a row that far (the fuzz test
   * found a 500), is refused; an escaped backslash is a backslash.
   */
  @Test
  void aLikePatternEndingInItsEscapeCharacterIsRefused() {
    String name = prefix + "-escape";
    mlflow.write("POST", "registered-models/create", Map.of("name", name, "tags", List.of(tag("path", "a\\b"))));
    for (String filter : List.of("tags.path LIKE '%\\'", "tags.path ILIKE 'a\\\\\\'",
        "name LIKE '" + prefix + "%\\'")) {
      for (String search : List.of("registered-models/search", "model-versions/search")) {
        assertError(mlflow.send("POST", search, Map.of("filter", filter), Http.ADMIN), 400,
            "INVALID_PARAMETER_VALUE", "must not end with the escape character");
      }
    }
    assertThat(modelNames("tags.path LIKE '%\\\\b'")).containsExactly(name);
    assertThat(modelNames("tags.path LIKE '%\\\\'")).isEmpty();
  }

  private String model() {
    return new FakeArtifacts(http, JdbcClient.create(dataSource)).register("model", "model");
  }

  private List<String> modelNames(String tagClause) {
    return names(mlflow.write("POST", "registered-models/search", Map.of("filter",
        "name LIKE '" + prefix + "-%' AND " + tagClause)));
  }

  private List<String> versionNumbers(String name, String orderBy) {
    return client.searchModelVersions("name = '" + name + "'", 100, List.of(orderBy)).getItems().stream()
        .map(ModelVersion::getVersion).toList();
  }

  private static Map<String, String> tag(String key, String value) {
    return Map.of("key", key, "value", value);
  }
}
