package dev.pedigree.api;

import static dev.pedigree.api.ProductionShape.CHECKPOINT_EVERY;
import static dev.pedigree.api.ProductionShape.STEPS;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** A worker stopped or the platform killed while a run trains: the run finishes with one point per step. */
class FaultToleranceTest {
  private final ProductionShape shape = new ProductionShape(TestPlatform.create("faults"));

  @AfterEach
  void stopAll() {
    shape.close();
  }

  @Test
  void sigtermMakesTheWorkerCheckpointAtItsStepBoundaryAndTheNextAttemptResumesThere() throws Exception {
    shape.startPlatform("platform");
    Process first = shape.startWorker("first");
    String id = shape.submit();
    shape.awaitProgress(id, CHECKPOINT_EVERY + 7);

    first.destroy();
    assertThat(first.waitFor(60, TimeUnit.SECONDS)).as("worker exits after its final checkpoint").isTrue();
    shape.startWorker("second");
    JsonNode run = shape.awaitEnd(id);

    assertThat(run.path("status").asString()).isEqualTo("SUCCEEDED");
    List<JsonNode> attempts = run.path("attempts").valueStream().toList();
    assertThat(attempts).hasSize(2);
    long resumedAt = attempts.get(1).path("fromStep").asLong();
    assertThat(resumedAt).as("the stop checkpoint, not the last periodic one").isGreaterThan(CHECKPOINT_EVERY);
    shape.assertCleanCurve(id);
  }

  @Test
  void restartingTheApiWhileAWorkerStreamsLosesAndDuplicatesNoPoint() throws Exception {
    Process api = shape.startPlatform("platform-1");
    shape.startWorker("worker");
    String id = shape.submit();
    shape.awaitProgress(id, 100);

    api.destroyForcibly().waitFor();
    Thread.sleep(3000);
    shape.startPlatform("platform-2");
    JsonNode run = shape.awaitEnd(id);

    assertThat(run.path("status").asString()).isEqualTo("SUCCEEDED");
    assertThat(run.path("attempts").size()).as("the worker kept its attempt through the outage").isEqualTo(1);
    shape.assertCleanCurve(id);
    assertThat(run.path("summary").path("train/loss").path("count").asLong()).isEqualTo(STEPS);
  }
}
