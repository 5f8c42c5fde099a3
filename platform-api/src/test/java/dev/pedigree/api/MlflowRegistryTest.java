package dev.pedigree.api;

import static dev.pedigree.api.MlflowRegistryCalls.MLFLOW;
import static dev.pedigree.api.MlflowRegistryCalls.assertError;
import static dev.pedigree.api.MlflowRegistryCalls.hex;
import static dev.pedigree.api.MlflowRegistryCalls.names;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.pedigree.api.common.problem.FieldError;
import dev.pedigree.api.registry.ModelReferences;
import dev.pedigree.api.security.Caller;
import dev.pedigree.api.security.Role;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mlflow.api.proto.ModelRegistry.ModelVersion;
import org.mlflow.api.proto.ModelRegistry.ModelVersionStatus;
import org.mlflow.api.proto.ModelRegistry.RegisteredModel;
import org.mlflow.api.proto.ModelRegistry.RegisteredModelAlias;
import org.mlflow.tracking.MlflowClient;
import org.mlflow.tracking.ModelVersionsPage;
import org.mlflow.tracking.creds.BasicMlflowHostCreds;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * MLflow's Model Registry API over Pedigree's registry: writes sent as the Python client sends them, reads through
 * MLflow's Java client (whose protobuf parsing checks every field name), and what they make seen through
 * {@code /api/v1/models} and a spec's {@code models:/} reference. Each model artifact is produced by its own run,
 * inserted as ended, so nothing trains.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class MlflowRegistryTest extends EmbeddedPlatformTest {
  @LocalServerPort int port;
  @Autowired DataSource dataSource;
  @Autowired ModelReferences references;

  private Http http;
  private MlflowRegistryCalls mlflow;
  /** Names unique to this test: the platform and its database are shared with other test classes. */
  private final String prefix = "mlreg-" + UUID.randomUUID().toString().substring(0, 8);

  @BeforeEach
  void http() {
    http = new Http(port);
    mlflow = new MlflowRegistryCalls(http);
  }

  @Test
  void anMlflowClientSessionRegistersAliasesAndFindsModelsThatPedigreeSharesWithItsOwnApi() {
    FakeArtifacts first = runWithModel();
    FakeArtifacts second = runWithModel();
    String storedModel = first.register("model", "model", HOME.resolve("artifacts/runs/" + first.run()
        + "/model.safetensors").toUri().toString());
    String otherModel = second.register("model", "model");
    String name = prefix + "-arith";
    MlflowClient client = new MlflowClient(new BasicMlflowHostCreds("http://127.0.0.1:" + port, Http.ADMIN));

    JsonNode created = mlflow.write("POST", "registered-models/create", Map.of("name", name, "description", "adds"));
    JsonNode v1 = mlflow.write("POST", "model-versions/create", Map.of("name", name,
        "source", "pedigree:/artifacts/" + storedModel, "run_id", hex(first.run()))).path("model_version");
    JsonNode v2 = mlflow.write("POST", "model-versions/create", Map.of("name", name,
        "source", "runs:/" + hex(second.run()) + "/model", "description", "second")).path("model_version");
    mlflow.write("POST", "registered-models/alias", Map.of("name", name, "alias", "champion", "version", "1"));
    mlflow.write("PATCH", "registered-models/update", Map.of("name", name, "description", "adds digits"));
    mlflow.write("PATCH", "model-versions/update", Map.of("name", name, "version", "2", "description", "challenger"));

    assertThat(created.path("registered_model").path("name").asString()).isEqualTo(name);
    assertThat(created.path("registered_model").path("creation_timestamp").asLong())
        .isCloseTo(System.currentTimeMillis(), Offset.offset(60_000L));
    assertThat(List.of(v1.path("version").asString(), v1.path("source").asString(), v1.path("run_id").asString(),
        v1.path("status").asString(), v1.path("current_stage").asString()))
        .containsExactly("1", "pedigree:/artifacts/" + storedModel, hex(first.run()), "READY", "None");
    assertThat(List.of(v2.path("version").asString(), v2.path("source").asString(), v2.path("run_id").asString()))
        .containsExactly("2", "pedigree:/artifacts/" + otherModel, hex(second.run()));

    RegisteredModel model = client.getRegisteredModel(name);
    assertThat(model.getDescription()).isEqualTo("adds digits");
    assertThat(model.getUserId()).isEqualTo("bootstrap-admin");
    assertThat(model.getAliasesList()).extracting(RegisteredModelAlias::getAlias, RegisteredModelAlias::getVersion)
        .containsExactly(tuple("champion", "1"));
    assertThat(model.getLatestVersionsList()).extracting(ModelVersion::getVersion).containsExactly("2");
    ModelVersion champion = client.getModelVersion(name, "1");
    assertThat(champion.getAliasesList()).containsExactly("champion");
    assertThat(champion.getStatus()).isEqualTo(ModelVersionStatus.READY);
    assertThat(client.getModelVersion(name, "2").getDescription()).isEqualTo("challenger");
    assertThat(http.get(MLFLOW + "registered-models/alias?name=" + name + "&alias=champion").json()
        .path("model_version").path("source").asString()).isEqualTo("pedigree:/artifacts/" + storedModel);
    assertThat(client.getLatestVersions(name)).extracting(ModelVersion::getVersion).containsExactly("2");
    assertThat(client.getLatestVersions(name, List.of("Production"))).isEmpty();
    assertThat(client.getModelVersionDownloadUri(name, "1"))
        .isEqualTo("http://127.0.0.1:" + port + "/api/v1/artifacts/" + storedModel + "/content");
    assertThat(client.getModelVersionDownloadUri(name, "2")).startsWith("file:///nowhere/");

    JsonNode pedigree = http.get("/api/v1/models/" + name).json();
    assertThat(pedigree.path("latestVersion").path("version").asInt()).isEqualTo(2);
    assertThat(pedigree.path("latestVersion").path("artifact").path("id").asString()).isEqualTo(otherModel);
    assertThat(pedigree.path("aliases").get(0).path("version").asInt()).isEqualTo(1);
    List<FieldError> errors = new ArrayList<>();
    JsonNode spec = JsonMapper.builder().build().readTree(Http.json(Map.of("base", "models:/" + name + "@champion")));
    JsonNode resolved = references.resolve(spec, "$.spec", new Caller("bootstrap-admin", Role.ADMIN, null), errors).spec();
    assertThat(errors).isEmpty();
    assertThat(resolved.path("base").asString()).isEqualTo(storedModel);
  }

  @Test
  void searchesFilterByNameOrRunAndPage() {
    FakeArtifacts run = runWithModel();
    String model = run.register("model", "model");
    for (String suffix : List.of("a", "b", "c")) {
      mlflow.write("POST", "registered-models/create", Map.of("name", prefix + "-search-" + suffix));
    }
    mlflow.write("POST", "model-versions/create", Map.of("name", prefix + "-search-b", "source", model));
    FakeArtifacts other = runWithModel();
    other.register("model", "model");
    // The source mlflow.register_model("runs:/<id>/model") sends: the run's artifact_uri, then "/model".
    mlflow.write("POST", "model-versions/create", Map.of("name", prefix + "-search-b",
        "source", "pedigree-stores-no-mlflow-artifacts:/" + hex(other.run()) + "/model", "run_id", hex(other.run())));
    MlflowClient client = new MlflowClient(new BasicMlflowHostCreds("http://127.0.0.1:" + port, Http.ADMIN));

    JsonNode firstPage = mlflow.write("POST", "registered-models/search", Map.of("filter",
        "name LIKE '" + prefix + "-search-%' AND tag.`mlflow.prompt.is_prompt` != 'true'", "max_results", 2));
    JsonNode secondPage = mlflow.write("POST", "registered-models/search", Map.of("filter",
        "name LIKE '" + prefix + "-search-%'", "max_results", 2, "page_token",
        firstPage.path("next_page_token").asString()));
    JsonNode exact = http.get(MLFLOW + "registered-models/search?filter=name%3D%27" + prefix + "-search-c%27").json();
    JsonNode caseless = mlflow.write("POST", "registered-models/search", Map.of("filter",
        "name ILIKE '" + prefix.toUpperCase() + "-SEARCH-_'"));
    JsonNode tagged = mlflow.write("POST", "registered-models/search", Map.of("filter",
        "name LIKE '" + prefix + "-search-%' AND tags.team = 'nlp'"));
    ModelVersionsPage versions = client.searchModelVersions("name = '" + prefix + "-search-b'", 1, List.of());
    ModelVersionsPage byRun = client.searchModelVersions("run_id = '" + hex(run.run()) + "'");

    assertThat(names(firstPage)).containsExactly(prefix + "-search-a", prefix + "-search-b");
    assertThat(names(secondPage)).containsExactly(prefix + "-search-c");
    assertThat(secondPage.has("next_page_token")).isFalse();
    assertThat(names(exact)).containsExactly(prefix + "-search-c");
    assertThat(names(caseless)).hasSize(3);
    assertThat(names(tagged)).isEmpty();
    assertThat(versions.getItems()).extracting(ModelVersion::getVersion).containsExactly("2");
    assertThat(((ModelVersionsPage) versions.getNextPage()).getItems()).extracting(ModelVersion::getVersion)
        .containsExactly("1");
    assertThat(byRun.getItems()).extracting(ModelVersion::getName, ModelVersion::getVersion)
        .containsExactly(tuple(prefix + "-search-b", "1"));
  }

  @Test
  void errorsComeInMlflowsShapeWithItsCodes() {
    FakeArtifacts run = runWithModel();
    String model = run.register("model", "model");
    String dataset = run.register("dataset", "data");
    String name = prefix + "-errors";
    mlflow.write("POST", "registered-models/create", Map.of("name", name));
    mlflow.write("POST", "model-versions/create", Map.of("name", name, "source", model));

    assertError(mlflow.send("GET", "registered-models/get?name=" + prefix + "-nothing", null, null), 404,
        "RESOURCE_DOES_NOT_EXIST", prefix + "-nothing");
    assertError(mlflow.send("POST", "registered-models/create", Map.of("name", name), Http.ADMIN), 400,
        "RESOURCE_ALREADY_EXISTS", name);
    assertError(mlflow.send("POST", "model-versions/create", Map.of("name", name, "source", "s3://bucket/model"),
        Http.ADMIN), 400, "INVALID_PARAMETER_VALUE", "s3://bucket/model");
    assertError(mlflow.send("POST", "model-versions/create", Map.of("name", name, "source", dataset), Http.ADMIN), 400,
        "INVALID_PARAMETER_VALUE", "is a dataset");
    assertError(mlflow.send("POST", "model-versions/create", Map.of("name", name, "source", model), Http.ADMIN), 400,
        "RESOURCE_ALREADY_EXISTS", "version 1");
    assertError(mlflow.send("POST", "model-versions/create", Map.of("name", name, "source", model,
        "run_id", hex(UUID.randomUUID())), Http.ADMIN), 400, "INVALID_PARAMETER_VALUE", hex(run.run()));
    assertError(mlflow.send("POST", "model-versions/create", Map.of("name", prefix + "-nothing", "source",
        "runs:/" + hex(run.run()) + "/model"), Http.ADMIN), 404, "RESOURCE_DOES_NOT_EXIST", prefix + "-nothing");
    assertError(mlflow.send("GET", "model-versions/get?name=" + name + "&version=7", null, null), 404,
        "RESOURCE_DOES_NOT_EXIST", "no version 7");
    assertError(mlflow.send("POST", "registered-models/search", Map.of("filter", "name != 'x'"), Http.ADMIN), 400,
        "INVALID_PARAMETER_VALUE", "name LIKE");
    assertError(mlflow.send("POST", "registered-models/create", Map.of("name", "a\u0000b"), Http.ADMIN), 400,
        "INVALID_PARAMETER_VALUE", "name");
    assertError(mlflow.send("POST", "registered-models/search", Map.of("filter", "name = 'a\u0000'"), Http.ADMIN), 400,
        "INVALID_PARAMETER_VALUE", "control characters");
    assertError(mlflow.send("POST", "registered-models/alias",
        Map.of("name", name, "alias", "champion", "version", "2"),
        Http.ADMIN), 400, "INVALID_PARAMETER_VALUE", "versions 1 to 1");
    assertError(mlflow.send("DELETE", "model-versions/delete", Map.of("name", name, "version", "1"), Http.ADMIN), 501,
        "NOT_IMPLEMENTED", "never deletes");
    assertThat(http.get("/api/v1/models/" + name).json().path("latestVersion").path("version").asInt()).isEqualTo(1);
  }

  @Test
  void aProjectTokenReachesOnlyItsProjectsModelsAndAWorkerTokenWritesNothing() {
    String team = prefix + "-team";
    String teamToken = http.post("/api/v1/tokens", Http.json(Map.of("name", prefix + "-team", "role", "user",
        "project", team)), Http.ADMIN).json().path("token").asString();
    String shared = prefix + "-shared";
    mlflow.write("POST", "registered-models/create", Map.of("name", shared));
    mlflow.write("POST", "model-versions/create",
        Map.of("name", shared, "source", runWithModel().register("model", "m")));

    Http.Response own = mlflow.send("POST", "registered-models/create", Map.of("name", prefix + "-own"), teamToken);
    Http.Response foreignVersion = mlflow.send("POST", "model-versions/create", Map.of("name", shared,
        "source", runWithModel().register("model", "m")), teamToken);
    Http.Response foreignAlias = mlflow.send("POST", "registered-models/alias", Map.of("name", shared,
        "alias", "champion",
        "version", "1"), teamToken);
    Http.Response visible = mlflow.send("POST", "registered-models/search",
        Map.of("filter", "name LIKE '" + prefix + "%'"),
        teamToken);
    Http.Response worker = mlflow.send("POST", "registered-models/create", Map.of("name", prefix + "-w"), Http.WORKER);

    assertThat(own.status()).isEqualTo(200);
    assertThat(http.get("/api/v1/models/" + prefix + "-own").json().path("project").asString()).isEqualTo(team);
    assertError(foreignVersion, 403, "PERMISSION_DENIED", team);
    assertError(foreignAlias, 403, "PERMISSION_DENIED", team);
    assertThat(names(visible.json())).containsExactly(prefix + "-own");
    assertError(worker, 403, "PERMISSION_DENIED", "worker");
    assertThat(http.get("/api/v1/models/" + shared).json().path("aliases").size()).isZero();
  }

  @Test
  void anAliasIsDeletedWithTheBodyThePythonClientSends() {
    String name = prefix + "-alias";
    mlflow.write("POST", "registered-models/create", Map.of("name", name));
    mlflow.write("POST", "model-versions/create",
        Map.of("name", name, "source", runWithModel().register("model", "m")));
    mlflow.write("POST", "registered-models/alias", Map.of("name", name, "alias", "staging", "version", 1));

    mlflow.write("DELETE", "registered-models/alias", Map.of("name", name, "alias", "staging"));

    assertError(mlflow.send("GET", "registered-models/alias?name=" + name + "&alias=staging", null, null), 404,
        "RESOURCE_DOES_NOT_EXIST", "staging");
    assertThat(http.get("/api/v1/models/" + name + "/aliases/staging/history").json().valueStream()
        .map(move -> move.path("toVersion").isNull())).containsExactly(false, true);
  }

  private FakeArtifacts runWithModel() {
    return new FakeArtifacts(http, JdbcClient.create(dataSource));
  }
}
