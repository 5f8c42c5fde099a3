package dev.pedigree.api;

import static dev.pedigree.api.RunSubmissionTest.assertProblem;
import static dev.pedigree.api.RunSubmissionTest.fields;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/** POST /tokens: admins issue tokens, shown once and stored as a hash; a project token acts in its project only. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class TokenApiTest extends EmbeddedPlatformTest {
  private static final String FORBIDDEN = "https://pedigree.dev/problems/forbidden";
  private static final String RUN_SPEC = "{\"training\":{\"steps\":1}}";

  @LocalServerPort int port;
  @Autowired DataSource dataSource;

  private Http http() {
    return new Http(port);
  }

  @Test
  void anAdminIssuesATokenThatIsShownOnceAndStoredOnlyAsItsHash() throws Exception {
    Http.Response response = http().post("/api/v1/tokens", Http.json(Map.of("name", "ci", "role", "worker")), Http.ADMIN);

    assertThat(response.status()).isEqualTo(201);
    JsonNode issued = response.json();
    assertThat(issued.path("name").asString()).isEqualTo("ci");
    assertThat(issued.path("role").asString()).isEqualTo("worker");
    assertThat(issued.path("project").isNull()).isTrue();
    String token = issued.path("token").asString();
    assertThat(token).startsWith("pdg_").hasSizeGreaterThan(40);

    String hash = HexFormat.of().formatHex(
        MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
    List<String> rows = JdbcClient.create(dataSource).sql("SELECT t::text FROM api_token t").query(String.class).list();
    assertThat(rows).anyMatch(row -> row.contains(hash)).noneMatch(row -> row.contains(token));
    assertThat(http().post("/api/v1/runs/" + java.util.UUID.randomUUID() + "/attempts",
        "{\"attempt\":1,\"fromStep\":0,\"worker\":\"w\",\"device\":\"cpu\"}", token).status()).isEqualTo(404);
  }

  @Test
  void onlyAdminTokensMayIssueTokens() {
    String user = issue(Map.of("name", "plain-user", "role", "user"));
    String body = Http.json(Map.of("name", "escalate", "role", "admin"));

    assertProblem(http().post("/api/v1/tokens", body, user), 403, FORBIDDEN, null);
    assertProblem(http().post("/api/v1/tokens", body, Http.WORKER), 403, FORBIDDEN, null);
    assertProblem(http().post("/api/v1/tokens", body, null), 401, "https://pedigree.dev/problems/unauthorized", null);
  }

  @Test
  void invalidFieldsAreNamedByJsonPath() {
    Http.Response response = http().post("/api/v1/tokens",
        Http.json(Map.of("name", "", "role", "root", "project", 7, "scope", "all")), Http.ADMIN);

    assertThat(response.status()).isEqualTo(400);
    assertThat(fields(response)).containsExactlyInAnyOrder("$.name", "$.role", "$.project", "$.scope");
    assertThat(fields(http().post("/api/v1/tokens",
        Http.json(Map.of("name", "w", "role", "worker", "project", "p")), Http.ADMIN))).containsExactly("$.project");
    assertThat(fields(http().post("/api/v1/tokens", "{}", Http.ADMIN))).containsExactlyInAnyOrder("$.name", "$.role");
  }

  @Test
  void aProjectTokenSubmitsAndCancelsRunsOnlyInItsProject() {
    String scoped = issue(Map.of("name", "team-a", "role", "user", "project", "team-a"));

    Http.Response ownRun = http().post("/api/v1/runs",
        "{\"name\":\"scoped\",\"kind\":\"pretrain\",\"spec\":" + RUN_SPEC + "}", scoped);
    assertThat(ownRun.status()).isEqualTo(202);
    assertThat(ownRun.json().path("project").asString()).isEqualTo("team-a");

    assertProblem(http().post("/api/v1/runs",
        "{\"name\":\"elsewhere\",\"project\":\"default\",\"kind\":\"pretrain\",\"spec\":" + RUN_SPEC + "}", scoped),
        403, FORBIDDEN, null);
    String otherRun = http().post("/api/v1/runs", "{\"name\":\"other\",\"kind\":\"pretrain\",\"spec\":" + RUN_SPEC + "}",
        Http.ADMIN).json().path("id").asString();
    assertProblem(http().post("/api/v1/runs/" + otherRun + "/cancel", "", scoped), 403, FORBIDDEN, null);

    String own = ownRun.json().path("id").asString();
    await().atMost(Duration.ofSeconds(60)).until(() ->
        List.of("SUCCEEDED", "FAILED").contains(http().get("/api/v1/runs/" + own).json().path("status").asString()));
    assertThat(http().post("/api/v1/runs/" + own + "/cancel", "", scoped).status()).isEqualTo(202);
  }

  private String issue(Map<String, Object> request) {
    Http.Response response = http().post("/api/v1/tokens", Http.json(request), Http.ADMIN);
    assertThat(response.status()).isEqualTo(201);
    return response.json().path("token").asString();
  }
}
