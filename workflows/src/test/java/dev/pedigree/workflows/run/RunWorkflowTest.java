package dev.pedigree.workflows.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.pedigree.workflows.common.FailureTypes;
import dev.pedigree.workflows.common.TaskQueues;
import io.temporal.activity.Activity;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RunWorkflowTest {
  @RegisterExtension
  static final TestWorkflowExtension temporal =
      TestWorkflowExtension.newBuilder().setDoNotStart(true).build();

  private final RecordingLedger ledger = new RecordingLedger();
  private final UUID runId = UUID.randomUUID();

  @Test
  void recordsRunningThenSucceeded(TestWorkflowEnvironment env, WorkflowClient client) {
    start(env, input -> new TrainResult(10, 1.5, "file:///m", "ab"));

    RunResult result = stub(client).run(input());

    assertThat(result).isEqualTo(new RunResult("SUCCEEDED", 10));
    assertThat(ledger.calls).containsExactly("running", "succeeded");
  }

  @Test
  void retriesTrainingAndPassesTheLastHeartbeatToTheNextAttempt(TestWorkflowEnvironment env, WorkflowClient client) {
    List<Long> resumedFrom = new CopyOnWriteArrayList<>();
    start(env, input -> {
      var context = Activity.getExecutionContext();
      resumedFrom.add(context.getHeartbeatDetails(TrainProgress.class).map(TrainProgress::checkpointStep).orElse(0L));
      if (context.getInfo().getAttempt() == 1) {
        context.heartbeat(new TrainProgress(7, "file:///ckpt-7", 5, 80, "ab12"));
        throw new IllegalStateException("worker lost");
      }
      return new TrainResult(10, 1.0, "file:///m", "ab");
    });

    RunResult result = stub(client).run(input());

    assertThat(result.status()).isEqualTo("SUCCEEDED");
    assertThat(resumedFrom).containsExactly(0L, 5L);
  }

  @Test
  void nonRetryableFailureFailsTheRunWithItsMessage(TestWorkflowEnvironment env, WorkflowClient client) {
    AtomicInteger attempts = new AtomicInteger();
    start(env, input -> {
      attempts.incrementAndGet();
      throw ApplicationFailure.newNonRetryableFailure("invalid spec: $.spec.model.layers", FailureTypes.INVALID_SPEC);
    });

    RunResult result = stub(client).run(input());

    assertThat(result.status()).isEqualTo("FAILED");
    assertThat(attempts).hasValue(1);
    assertThat(ledger.calls).containsExactly("running", "failed: invalid spec: $.spec.model.layers");
  }

  /** Failures of these types are final even when a worker forgets to mark them non-retryable. */
  @ParameterizedTest
  @ValueSource(strings = {
      FailureTypes.INVALID_SPEC, FailureTypes.OUT_OF_MEMORY, FailureTypes.CORRUPT_ARTIFACT,
      FailureTypes.INVALID_INPUT, FailureTypes.DIVERGED})
  void failureTypesThatARetryWouldRepeatAreNotRetried(
      String type, TestWorkflowEnvironment env, WorkflowClient client) {
    AtomicInteger attempts = new AtomicInteger();
    start(env, input -> {
      attempts.incrementAndGet();
      throw ApplicationFailure.newFailure("step 3: " + type, type);
    });

    RunResult result = stub(client).run(input());

    assertThat(result.status()).isEqualTo("FAILED");
    assertThat(attempts).hasValue(1);
    assertThat(ledger.calls).containsExactly("running", "failed: step 3: " + type);
  }

  @Test
  void aRetryableFailureIsRetriedUpToTheRunsAttemptLimit(TestWorkflowEnvironment env, WorkflowClient client) {
    AtomicInteger attempts = new AtomicInteger();
    start(env, input -> {
      attempts.incrementAndGet();
      throw ApplicationFailure.newFailure("disk full", "IOException");
    });

    RunResult result = stub(client).run(input());

    assertThat(result.status()).isEqualTo("FAILED");
    assertThat(attempts).hasValue(3);
    assertThat(ledger.calls).containsExactly("running", "failed: disk full");
  }

  @Test
  void cancellationReachesTheActivityAndEndsCancelled(TestWorkflowEnvironment env, WorkflowClient client) {
    start(env, input -> {
      var context = Activity.getExecutionContext();
      while (true) {
        context.heartbeat(new TrainProgress(1, null, 0, 0, null));
        try {
          Thread.sleep(50);
        } catch (InterruptedException e) {
          throw new IllegalStateException(e);
        }
      }
    });
    RunWorkflow workflow = stub(client);
    WorkflowClient.start(workflow::run, input());
    await().atMost(Duration.ofSeconds(10)).until(() -> ledger.calls.contains("running"));

    WorkflowStub.fromTyped(workflow).cancel();

    assertThatThrownBy(() -> WorkflowStub.fromTyped(workflow).getResult(RunResult.class))
        .isInstanceOf(WorkflowFailedException.class)
        .hasCauseInstanceOf(CanceledFailure.class);
    assertThat(ledger.calls).containsExactly("running", "cancelled");
  }

  @Test
  void cancellationWhileTheRunIsBeingMarkedRunningStillEndsItCancelled(
      TestWorkflowEnvironment env, WorkflowClient client) {
    ledger.runningDelayMillis = 2000;
    start(env, input -> new TrainResult(10, 1.0, "file:///m", "ab"));
    RunWorkflow workflow = stub(client);
    WorkflowClient.start(workflow::run, input());

    WorkflowStub.fromTyped(workflow).cancel();

    assertThatThrownBy(() -> WorkflowStub.fromTyped(workflow).getResult(RunResult.class))
        .isInstanceOf(WorkflowFailedException.class);
    await().atMost(Duration.ofSeconds(10)).until(() -> ledger.calls.contains("cancelled"));
    assertThat(ledger.calls).doesNotContain("succeeded");
  }

  private void start(TestWorkflowEnvironment env, TrainingActivities training) {
    Worker platform = env.newWorker(TaskQueues.PLATFORM);
    platform.registerWorkflowImplementationTypes(RunWorkflowImpl.class);
    platform.registerActivitiesImplementations(ledger);
    env.newWorker(TaskQueues.CPU).registerActivitiesImplementations(training);
    env.start();
  }

  private RunInput input() {
    return new RunInput(runId, "pretrain", "{}", TaskQueues.CPU, Duration.ofSeconds(5), 3, 0, List.of());
  }

  private static RunWorkflow stub(WorkflowClient client) {
    return client.newWorkflowStub(
        RunWorkflow.class, WorkflowOptions.newBuilder().setTaskQueue(TaskQueues.PLATFORM).build());
  }

  static final class RecordingLedger implements RunLedgerActivities {
    final List<String> calls = new CopyOnWriteArrayList<>();
    volatile long runningDelayMillis;

    @Override
    public void markRunRunning(RunStatusUpdate update) {
      try {
        Thread.sleep(runningDelayMillis);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      calls.add("running");
    }

    @Override
    public void markRunSucceeded(RunStatusUpdate update) {
      calls.add("succeeded");
    }

    @Override
    public void markRunFailed(RunStatusUpdate update) {
      calls.add("failed: " + update.error());
    }

    @Override
    public void markRunCancelled(RunStatusUpdate update) {
      calls.add("cancelled");
    }
  }
}
