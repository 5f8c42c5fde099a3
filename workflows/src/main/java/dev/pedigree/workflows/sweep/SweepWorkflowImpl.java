package dev.pedigree.workflows.sweep;

import dev.pedigree.workflows.common.PlatformActivityOptions;
import dev.pedigree.workflows.common.TaskQueues;
import dev.pedigree.workflows.common.WorkflowIds;
import dev.pedigree.workflows.run.RunInput;
import dev.pedigree.workflows.run.RunWorkflow;
import io.temporal.api.enums.v1.ParentClosePolicy;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.failure.ChildWorkflowFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.CancellationScope;
import io.temporal.workflow.ChildWorkflowCancellationType;
import io.temporal.workflow.ChildWorkflowOptions;
import io.temporal.workflow.CompletablePromise;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Starts trials in order, each as a child run workflow, while fewer than the sweep's parallelism run; the rest wait
 * here, not on a worker queue. A failed trial does not stop the sweep, which succeeds when at least one trial did.
 * With early stopping, the platform is asked at every check which running trials its rule stops, and those are
 * cancelled. Cancelling the sweep cancels every running trial. Trials that ended under an earlier workflow of the sweep
 * count as they ended and do not run again. In a generational sweep a trial waits until the generations before its own
 * have ended, since the platform makes it from their results.
 */
public class SweepWorkflowImpl implements SweepWorkflow {
  private final SweepActivities platform =
      Workflow.newActivityStub(SweepActivities.class, PlatformActivityOptions.LEDGER);

  /** A started trial: its own scope (cancelled to stop it early) and its end, once it has ended. */
  private record Trial(int number, CancellationScope scope, Promise<TrialEnd> end) {}

  /** @param error why the trial did not run, when it could not start */
  private record TrialEnd(String status, String error) {}

  /** The run of each trial once the platform has recorded it, for the early-stopping rule's answers. */
  private final Map<UUID, Integer> trialOfRun = new LinkedHashMap<>();

  @Override
  public SweepResult run(SweepInput input) {
    Map<Integer, Trial> running = new LinkedHashMap<>();
    List<String> failures = new ArrayList<>();
    int succeeded = 0;
    int cancelled = 0;
    for (Map.Entry<Integer, String> earlier : input.ended().entrySet()) {
      switch (earlier.getValue()) {
        case "SUCCEEDED" -> succeeded++;
        case "CANCELLED" -> cancelled++;
        default -> failures.add("trial " + earlier.getKey() + " " + earlier.getValue());
      }
    }
    try {
      platform.markSweepRunning(input.sweepId());
      int next = 1;
      while (true) {
        while (running.size() < input.parallelism() && next <= input.trials()
            && input.mayStart(next, running.keySet())) {
          if (!input.ended().containsKey(next)) {
            running.put(next, start(input.sweepId(), next));
          }
          next++;
        }
        if (running.isEmpty()) {
          break;
        }
        awaitAnyEnd(input, running);
        for (Trial trial : ended(running)) {
          TrialEnd end = trial.end().get();
          switch (end.status()) {
            case "SUCCEEDED" -> succeeded++;
            case "CANCELLED" -> cancelled++;
            default -> failures.add("trial " + trial.number() + " " + end.status()
                + (end.error() == null ? "" : ": " + end.error()));
          }
        }
      }
    } catch (CanceledFailure cancelRequested) {
      // Recorded below; the running trials are cancelled with this workflow's scope.
    }
    if (CancellationScope.current().isCancelRequested()) {
      Workflow.newDetachedCancellationScope(() ->
          platform.markSweepEnded(input.sweepId(), "CANCELLED", null)).run();
      return new SweepResult("CANCELLED", succeeded, failures.size(), cancelled);
    }
    String status = succeeded > 0 ? "SUCCEEDED" : "FAILED";
    platform.markSweepEnded(input.sweepId(), status,
        succeeded > 0 ? null : "no trial succeeded" + (failures.isEmpty() ? "" : ": " + String.join("; ", failures)));
    return new SweepResult(status, succeeded, failures.size(), cancelled);
  }

  private Trial start(UUID sweepId, int number) {
    UUID runId = Workflow.randomUUID();
    CompletablePromise<TrialEnd> end = Workflow.newPromise();
    CancellationScope scope = Workflow.newCancellationScope(() ->
        end.completeFrom(Async.function(() -> runTrial(sweepId, number, runId))));
    scope.run();
    return new Trial(number, scope, end);
  }

  /**
   * Waits until a trial ends. With early stopping, every check interval without an end asks the platform which
   * trials to stop, and cancels them; a stopped trial then ends CANCELLED like any other.
   */
  private void awaitAnyEnd(SweepInput input, Map<Integer, Trial> running) {
    if (input.earlyStoppingCheck() == null) {
      Promise.anyOf(running.values().stream().map(Trial::end).toList()).get();
      return;
    }
    while (!Workflow.await(input.earlyStoppingCheck(),
        () -> running.values().stream().anyMatch(trial -> trial.end().isCompleted()))) {
      for (UUID runId : platform.trialsToStopEarly(input.sweepId())) {
        Trial trial = running.get(trialOfRun.get(runId));
        if (trial != null && !trial.scope().isCancelRequested()) {
          platform.markTrialStoppedEarly(runId);
          trial.scope().cancel("stopped early");
        }
      }
    }
  }

  /** The platform may answer with the trial's unfinished run (after a platform restart) rather than this new id. */
  private TrialEnd runTrial(UUID sweepId, int number, UUID runId) {
    RunInput run;
    try {
      run = platform.createTrialRun(new TrialRequest(sweepId, number, runId));
      trialOfRun.put(run.runId(), number);
    } catch (ActivityFailure failure) {
      if (failure.getCause() instanceof CanceledFailure) {
        return new TrialEnd("CANCELLED", null);
      }
      String reason = failure.getCause() instanceof ApplicationFailure app ? app.getOriginalMessage() : "";
      return new TrialEnd("FAILED", "could not start: " + reason);
    } catch (CanceledFailure cancelled) {
      return new TrialEnd("CANCELLED", null);
    }
    RunWorkflow child = Workflow.newChildWorkflowStub(RunWorkflow.class, ChildWorkflowOptions.newBuilder()
        .setWorkflowId(WorkflowIds.run(run.runId()))
        .setTaskQueue(TaskQueues.PLATFORM)
        // A stopped trial is waited for until it has ended, so no more than the parallelism ever train at once.
        .setCancellationType(ChildWorkflowCancellationType.WAIT_CANCELLATION_COMPLETED)
        .setParentClosePolicy(ParentClosePolicy.PARENT_CLOSE_POLICY_REQUEST_CANCEL)
        .build());
    try {
      return new TrialEnd(child.run(run).status(), null);
    } catch (CanceledFailure cancelled) {
      return new TrialEnd("CANCELLED", null);
    } catch (ChildWorkflowFailure failure) {
      return failure.getCause() instanceof CanceledFailure
          ? new TrialEnd("CANCELLED", null)
          : new TrialEnd("FAILED", failure.getCause() == null ? failure.getMessage() : failure.getCause().getMessage());
    }
  }

  private static List<Trial> ended(Map<Integer, Trial> running) {
    List<Trial> ended = new ArrayList<>();
    running.values().removeIf(trial -> {
      if (!trial.end().isCompleted()) {
        return false;
      }
      ended.add(trial);
      return true;
    });
    return ended;
  }
}
