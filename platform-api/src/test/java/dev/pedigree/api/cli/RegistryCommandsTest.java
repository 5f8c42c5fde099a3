package dev.pedigree.api.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pedigree.api.EmbeddedPlatformTest;
import dev.pedigree.api.FakeArtifacts;
import dev.pedigree.api.Http;
import dev.pedigree.api.MlflowRegistryCalls;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/** {@code register}, {@code alias} and {@code models} against the embedded platform, as a user types them. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class RegistryCommandsTest extends EmbeddedPlatformTest {
  @LocalServerPort int port;
  @Autowired DataSource dataSource;

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private PrintStream originalOut;
  private PrintStream originalErr;

  @BeforeEach
  void capture() {
    originalOut = System.out;
    originalErr = System.err;
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  @AfterEach
  void restore() {
    System.setOut(originalOut);
    System.setErr(originalErr);
  }

  @Test
  void registerCreatesTheModelAndPrintsEachVersionThenAliasPointsAtOne() throws Exception {
    ApiClient api = new ApiClient(URI.create("http://127.0.0.1:" + port), Http.ADMIN);
    String name = "cli-" + UUID.randomUUID().toString().substring(0, 8);
    String first = registered(api, name).get(0);

    assertThat(Cli.run(api, "alias", new String[] {name, "champion", "1"})).isZero();
    assertThat(Cli.run(api, "models", new String[0])).isZero();

    assertThat(stdout()).startsWith("1\n2\nmodels:/" + name + "@champion -> v1\nNAME ")
        .containsPattern(name + " +v2 +default +champion=v1\n");
    assertThat(stderr()).contains("registered " + first + " as " + name + " v1");
  }

  @Test
  void modelsNamePrintsTheTagsAndStagesSetThroughMlflowVersionsNewestFirst() throws Exception {
    ApiClient api = new ApiClient(URI.create("http://127.0.0.1:" + port), Http.ADMIN);
    String name = "cli-" + UUID.randomUUID().toString().substring(0, 8);
    List<String> artifacts = registered(api, name);
    MlflowRegistryCalls mlflow = new MlflowRegistryCalls(new Http(port));
    mlflow.write("POST", "registered-models/set-tag", Map.of("name", name, "key", "task", "value", "arith"));
    mlflow.write("POST", "registered-models/set-tag", Map.of("name", name, "key", "owner", "value", "ana"));
    mlflow.write("POST", "model-versions/set-tag", Map.of("name", name, "version", "1", "key", "data",
        "value", "v2"));
    mlflow.write("POST", "model-versions/transition-stage", Map.of("name", name, "version", "1",
        "stage", "Production"));
    out.reset();

    assertThat(Cli.run(api, "models", new String[] {name})).isZero();

    assertThat(stdout().lines().toList()).containsExactly(
        name + " (project default): 2 version(s), latest v2; tags owner=ana task=arith",
        "  VERSION  STAGE       ALIASES           ARTIFACT                              TAGS",
        "  v2       -           -                 " + artifacts.get(1) + "  -",
        "  v1       Production  -                 " + artifacts.get(0) + "  data=v2");
    assertThat(Cli.run(api, "models", new String[] {"no-such-" + name})).isEqualTo(1);
    assertThat(stderr()).contains("HTTP 404: ");
  }

  @Test
  void mistakesAreOneLineAndANonZeroExit() throws Exception {
    ApiClient api = new ApiClient(URI.create("http://127.0.0.1:" + port), Http.ADMIN);
    String name = "cli-" + UUID.randomUUID().toString().substring(0, 8);

    assertThat(Cli.run(api, "register", new String[] {"two words", modelArtifact()})).isEqualTo(2);
    assertThat(Cli.run(api, "alias", new String[] {name, "champion", "one"})).isEqualTo(2);
    assertThat(Cli.run(api, "register", new String[] {name, UUID.randomUUID().toString()})).isEqualTo(1);
    assertThat(Cli.run(api, "alias", new String[] {name, "latest", "1"})).isEqualTo(1);

    assertThat(stderr().lines()).contains(
        "pedigree: 'two words' is not a model name: it must be 1 to 128 letters, digits, '.', '_' or '-', other than"
            + " '.' and '..'",
        "usage: pedigree alias NAME ALIAS VERSION   (e.g. pedigree alias arith-small champion 3)",
        "  alias: 'latest' is reserved: it always names the newest version");
    assertThat(stderr()).contains("  $.artifact: must be the id of a model artifact").doesNotContain("\tat ");
  }

  /** Registers two model artifacts as the model's v1 and v2 with {@code pedigree register}; returns their ids. */
  private List<String> registered(ApiClient api, String name) throws Exception {
    List<String> artifacts = List.of(modelArtifact(), modelArtifact());
    for (String artifact : artifacts) {
      assertThat(Cli.run(api, "register", new String[] {name, artifact})).isZero();
    }
    return artifacts;
  }

  private String modelArtifact() {
    return new FakeArtifacts(new Http(port), JdbcClient.create(dataSource)).register("model", "m");
  }

  private String stdout() {
    return out.toString(StandardCharsets.UTF_8);
  }

  private String stderr() {
    return err.toString(StandardCharsets.UTF_8);
  }
}
