package dev.pedigree.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * A sweep's parameter importance over seeded trials whose val/loss is a known function of their values: {@link
 * dev.pedigree.api.bench.FinishedSweep#valLoss}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class SweepImportanceTest extends EmbeddedPlatformTest {
  @LocalServerPort int port;
  @Autowired DataSource dataSource;

  @Test
  void theLearningRateTheValLossFollowsIsTheMostImportantAndCorrelatesNegativelyOnItsLogAxis() {
    JsonNode sweep = seeded("5eeded00-0000-4000-8000-000000000200", 200);

    JsonNode importance = sweep.path("importance");
    assertThat(importance.valueStream().map(row -> row.path("parameter").asString()))
        .containsExactly("training.learningRate", "training.warmupSteps", "model.layers");
    assertThat(importance.get(0).path("importance").asDouble()).isGreaterThan(0.8);
    assertThat(importance.get(0).path("correlation").asDouble()).isLessThan(-0.9);
    assertThat(importance.get(1).path("importance").asDouble()).isPositive();
    assertThat(importance.get(1).path("correlation").asDouble()).isPositive();
    assertThat(importance.get(2).path("importance").asDouble()).isZero();
    assertThat(importance.get(2).path("correlation").isNull()).isTrue();
    assertThat(sweep.has("importanceReason")).isFalse();
  }

  @Test
  void twoFinishedTrialsGiveAReasonInsteadAndTheListHasNeither() {
    JsonNode sweep = seeded("5eeded00-0000-4000-8000-000000000002", 2);

    assertThat(sweep.has("importance")).isFalse();
    assertThat(sweep.path("importanceReason").asString())
        .isEqualTo("needs 3 finished trials with the objective; 2 have it");
    JsonNode listed = new Http(port).get("/api/v1/sweeps").json().valueStream()
        .filter(row -> row.path("id").equals(sweep.path("id"))).findFirst().orElseThrow();
    assertThat(listed.has("importance") || listed.has("importanceReason")).isFalse();
  }

  /** The sweep's JSON once seeded under a fixed id, so that its forest's seed is the same on every run. */
  private JsonNode seeded(String id, int trials) {
    Http http = new Http(port);
    SeededSweep.insert(http, JdbcClient.create(dataSource), UUID.fromString(id), trials);
    return http.get("/api/v1/sweeps/" + id).json();
  }
}
