package dev.pedigree.workflows.run;

import dev.pedigree.workflows.common.FailureTypes;
import dev.pedigree.workflows.common.TaskQueues;
import io.temporal.activity.ActivityCancellationType;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.failure.TimeoutFailure;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import org.slf4j.Logger;

/** The run's story: mark it running, train (resuming across attempts), record how it ended. */
public class RunWorkflowImpl implements RunWorkflow {
  private static final Logger log = Workflow.getLogger(RunWorkflowImpl.class);

  private final RunLedgerActivities ledger =
      Workflow.newActivityStub(
          RunLedgerActivities.class,
          ActivityOptions.newBuilder()
              .setTaskQueue(TaskQueues.PLATFORM)
              .setStartToCloseTimeout(Duration.ofSeconds(30))
              .setRetryOptions(
                  RetryOptions.newBuilder()
                      .setInitialInterval(Duration.ofSeconds(1))
                      .setMaximumInterval(Duration.ofMinutes(1))
                      .build())
              .build());

  @Override
  public RunResult run(RunInput input) {
    RunStatusUpdate self = RunStatusUpdate.of(input.runId());
    try {
      ledger.markRunRunning(self);
      TrainResult result =
          training(input).trainModel(new TrainInput(
              input.runId(), input.kind(), input.specJson(), input.attemptOffset(), input.inputs()));
      ledger.markRunSucceeded(self);
      return new RunResult("SUCCEEDED", result.steps());
    } catch (ActivityFailure failure) {
      if (isCancellation(failure)) {
        Workflow.newDetachedCancellationScope(() -> ledger.markRunCancelled(self)).run();
        return new RunResult("CANCELLED", 0);
      }
      String message = describe(failure);
      log.warn("run {} failed: {}", input.runId(), message);
      ledger.markRunFailed(new RunStatusUpdate(input.runId(), message));
      return new RunResult("FAILED", 0);
    } catch (CanceledFailure cancelled) {
      Workflow.newDetachedCancellationScope(() -> ledger.markRunCancelled(self)).run();
      return new RunResult("CANCELLED", 0);
    }
  }

  private static TrainingActivities training(RunInput input) {
    return Workflow.newActivityStub(
        TrainingActivities.class,
        ActivityOptions.newBuilder()
            .setTaskQueue(input.computeQueue())
            .setStartToCloseTimeout(Duration.ofDays(7))
            .setHeartbeatTimeout(input.heartbeatTimeout())
            .setCancellationType(ActivityCancellationType.WAIT_CANCELLATION_COMPLETED)
            .setRetryOptions(
                RetryOptions.newBuilder()
                    .setInitialInterval(Duration.ofSeconds(1))
                    .setBackoffCoefficient(2)
                    .setMaximumInterval(Duration.ofSeconds(30))
                    .setMaximumAttempts(input.maxAttempts())
                    .setDoNotRetry(
                        FailureTypes.INVALID_SPEC, FailureTypes.OUT_OF_MEMORY, FailureTypes.CORRUPT_ARTIFACT,
                        FailureTypes.INVALID_INPUT, FailureTypes.DIVERGED)
                    .build())
            .build());
  }

  private static boolean isCancellation(ActivityFailure failure) {
    return failure.getCause() instanceof CanceledFailure;
  }

  /** The user-facing reason: the innermost application message, not Temporal's wrapper text. */
  private static String describe(ActivityFailure failure) {
    Throwable cause = failure.getCause();
    if (cause instanceof ApplicationFailure app) {
      return app.getOriginalMessage();
    }
    if (cause instanceof TimeoutFailure timeout) {
      return "training timed out (" + timeout.getTimeoutType() + ") after all attempts";
    }
    return cause == null ? failure.getMessage() : cause.getMessage();
  }
}
