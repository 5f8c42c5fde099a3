package dev.pedigree.api;

import static dev.pedigree.api.ProductionShape.STEPS;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** Postgres restarted under a running platform and worker: the API answers 503 meanwhile; the run loses nothing. */
class DatabaseRestartTest {
  @TempDir
  Path postgresData;

  private RestartablePostgres postgres;
  private ProductionShape shape;

  @BeforeEach
  void start() throws Exception {
    postgres = new RestartablePostgres(postgresData);
    shape = new ProductionShape(TestPlatform.create("db-restart", postgres.database()));
  }

  @AfterEach
  void stopAll() throws Exception {
    shape.close();
    postgres.close();
  }

  @Test
  void postgresRestartedMidRunTheRunCompletesAndNothingIsLost() throws Exception {
    shape.startPlatform("platform");
    shape.startWorker("worker");
    String id = shape.submit();
    // Early, so that the outage below (several seconds) falls inside the training.
    shape.awaitProgress(id, 10);

    postgres.stop();
    assertUnavailable(shape.http().get("/api/v1/runs/" + id));
    // Down for longer than the worker's flush interval: its sends meanwhile wait out the pool and are refused.
    Thread.sleep(3000);
    assertUnavailable(shape.http().post("/api/v1/runs/" + id + "/metrics", "{}", Http.WORKER));
    postgres.start();
    JsonNode run = shape.awaitEnd(id);

    assertThat(run.path("status").asString()).isEqualTo("SUCCEEDED");
    assertThat(run.path("attempts").size()).as("the worker kept its attempt through the outage").isEqualTo(1);
    shape.assertCleanCurve(id);
    assertThat(run.path("summary").path("train/loss").path("count").asLong()).isEqualTo(STEPS);
  }

  private static void assertUnavailable(Http.Response response) {
    assertThat(response.status()).isEqualTo(503);
    assertThat(response.contentType()).startsWith("application/problem+json");
    assertThat(response.json().path("type").asString()).isEqualTo("https://pedigree.dev/problems/unavailable");
  }
}
