package dev.pedigree.workflows.pipeline;

import dev.pedigree.workflows.common.PlatformActivityOptions;
import dev.pedigree.workflows.common.TaskQueues;
import dev.pedigree.workflows.common.WorkflowIds;
import dev.pedigree.workflows.run.RunInput;
import dev.pedigree.workflows.run.RunResult;
import dev.pedigree.workflows.run.RunWorkflow;
import io.temporal.api.enums.v1.ParentClosePolicy;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.ChildWorkflowCancellationType;
import io.temporal.workflow.CancellationScope;
import io.temporal.workflow.ChildWorkflowOptions;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Starts every stage whose upstream stages are done, as a child run workflow, and waits for any to end. A gate stage
 * is done when a person approves it (an update), and fails the pipeline when rejected; it waits as long as it takes,
 * or until its timeout, when it decides itself (a durable timer). A register stage puts an upstream model into the
 * model registry.
 * After a stage fails for good no new stage starts; the stages already running finish (their work is kept for a
 * retry), and the pipeline ends FAILED. Stages reused from an earlier try never run again, approved gates never ask
 * again. On cancellation the pipeline stops waiting at once; the platform cancels the stages' runs itself.
 */
public class PipelineWorkflowImpl implements PipelineWorkflow {
  private final PipelineActivities platform =
      Workflow.newActivityStub(PipelineActivities.class, PlatformActivityOptions.LEDGER);

  private final Set<String> waitingGates = new HashSet<>();
  private final Map<String, GateDecision> decisions = new HashMap<>();

  /**
   * @param model the model a run stage made or a register stage registered; null for a gate
   * @param failure why the stage did not pass; null when it did
   */
  private record StageEnd(String stage, String model, String failure) {
    boolean passed() {
      return failure == null;
    }
  }

  @Override
  public PipelineResult run(PipelineInput input) {
    Map<String, String> models = new LinkedHashMap<>(input.reused());
    Set<String> done = new HashSet<>(models.keySet());
    done.addAll(input.approvedGates());
    Map<String, Promise<StageEnd>> running = new LinkedHashMap<>();
    List<String> failures = new ArrayList<>();
    try {
      platform.markPipelineRunning(input.pipelineId());
      while (true) {
        if (failures.isEmpty() && !cancelRequested()) {
          for (StagePlan stage : input.stages()) {
            if (!done.contains(stage.name()) && !running.containsKey(stage.name())
                && done.containsAll(stage.dependsOn())) {
              Map<String, String> upstream = Map.copyOf(models);
              running.put(stage.name(), Async.function(() -> start(input.pipelineId(), stage, upstream)));
            }
          }
        }
        if (running.isEmpty()) {
          break;
        }
        Promise.anyOf(running.values()).get();
        for (StageEnd end : finished(running)) {
          if (end.passed()) {
            done.add(end.stage());
            if (end.model() != null) {
              models.put(end.stage(), end.model());
            }
          } else {
            failures.add(end.failure());
          }
        }
      }
    } catch (CanceledFailure cancelled) {
      // Recorded below; the stages' runs record their own cancellation.
    }
    if (cancelRequested()) {
      Workflow.newDetachedCancellationScope(() ->
          platform.markPipelineEnded(input.pipelineId(), "CANCELLED", null)).run();
      return new PipelineResult("CANCELLED", models);
    }
    String status = failures.isEmpty() ? "SUCCEEDED" : "FAILED";
    platform.markPipelineEnded(input.pipelineId(), status, failures.isEmpty() ? null : String.join("; ", failures));
    return new PipelineResult(status, models);
  }

  @Override
  public void checkDecision(GateDecision decision) {
    GateDecision earlier = decisions.get(decision.stage());
    if (earlier != null && earlier.timedOut()) {
      throw new IllegalStateException("gate " + decision.stage() + " timed out and decided itself");
    }
    if (!waitingGates.contains(decision.stage()) || earlier != null) {
      throw new IllegalStateException("gate " + decision.stage() + " does not wait for a decision");
    }
  }

  @Override
  public void decide(GateDecision decision) {
    decisions.put(decision.stage(), decision);
  }

  private static boolean cancelRequested() {
    return CancellationScope.current().isCancelRequested();
  }

  private StageEnd start(UUID pipelineId, StagePlan stage, Map<String, String> upstream) {
    if (stage.waitsForApproval()) {
      return awaitGate(pipelineId, stage);
    }
    if (stage.registersModel()) {
      return register(pipelineId, stage, upstream);
    }
    return runStage(pipelineId, stage, upstream);
  }

  private StageEnd runStage(UUID pipelineId, StagePlan stage, Map<String, String> upstream) {
    // The platform may answer with the stage's unfinished run (after a platform restart) rather than this new id.
    UUID runId = Workflow.randomUUID();
    RunInput run;
    try {
      run = platform.createStageRun(
          new StageRequest(pipelineId, stage.name(), runId, stage.kind(), stage.specTemplate(), upstream));
    } catch (ActivityFailure failure) {
      return new StageEnd(stage.name(), null, "stage " + stage.name() + " could not start: " + reason(failure));
    }
    RunWorkflow child = Workflow.newChildWorkflowStub(RunWorkflow.class, ChildWorkflowOptions.newBuilder()
        .setWorkflowId(WorkflowIds.run(run.runId()))
        .setTaskQueue(TaskQueues.PLATFORM)
        // A stage's run is cancelled by the platform like any run (the pipeline's cancel request cancels each stage's
        // run workflow directly), so a run never depends on its pipeline's workflow to end cleanly.
        .setCancellationType(ChildWorkflowCancellationType.ABANDON)
        .setParentClosePolicy(ParentClosePolicy.PARENT_CLOSE_POLICY_ABANDON)
        .build());
    RunResult result = child.run(run);
    if (!result.status().equals("SUCCEEDED")) {
      return new StageEnd(stage.name(), null,
          "stage " + stage.name() + " " + result.status() + " (run " + run.runId() + ")");
    }
    return new StageEnd(stage.name(), platform.modelOf(run.runId()), null);
  }

  private StageEnd register(UUID pipelineId, StagePlan stage, Map<String, String> upstream) {
    try {
      String model = platform.registerStageModel(
          new StageRequest(pipelineId, stage.name(), null, stage.kind(), stage.specTemplate(), upstream));
      return new StageEnd(stage.name(), model, null);
    } catch (ActivityFailure failure) {
      return new StageEnd(stage.name(), null, "stage " + stage.name() + " could not register: " + reason(failure));
    }
  }

  private static String reason(ActivityFailure failure) {
    return failure.getCause() instanceof ApplicationFailure app ? app.getOriginalMessage() : "";
  }

  private StageEnd awaitGate(UUID pipelineId, StagePlan gate) {
    waitingGates.add(gate.name());
    GateTimeout timeout = gate.gateTimeout();
    Instant now = Instant.ofEpochMilli(Workflow.currentTimeMillis());
    Instant timeoutAt = platform.markGateWaiting(pipelineId, gate.name(),
        timeout == null ? null : now.plus(timeout.after()));
    if (timeoutAt == null) {
      Workflow.await(() -> decisions.containsKey(gate.name()));
    } else if (!awaitDecision(gate.name(), timeLeft(now, timeoutAt))) {
      decisions.put(gate.name(), GateDecision.byTimeout(gate.name(), timeout));
    }
    GateDecision decision = decisions.get(gate.name());
    waitingGates.remove(gate.name());
    platform.recordGateDecision(pipelineId, decision);
    if (decision.approved()) {
      return new StageEnd(gate.name(), null, null);
    }
    if (decision.timedOut()) {
      return new StageEnd(gate.name(), null, "gate " + gate.name() + " timed out after " + timeout.after());
    }
    return new StageEnd(gate.name(), null, "gate " + gate.name() + " rejected by " + decision.by()
        + (decision.comment() == null ? "" : ": " + decision.comment()));
  }

  /**
   * Waits for a decision at most {@code timeLeft}; @return false when the time ran out first. A decision in time
   * cancels the timer, so the history shows the gate stopped counting down.
   */
  private boolean awaitDecision(String gate, Duration timeLeft) {
    List<Promise<Void>> timer = new ArrayList<>(1);
    CancellationScope countdown = Workflow.newCancellationScope(() -> timer.add(Workflow.newTimer(timeLeft)));
    countdown.run();
    // A cancelled timer fails with a CanceledFailure that nothing reads; handling it keeps the SDK from logging it.
    timer.get(0).exceptionally(cancelled -> null);
    Workflow.await(() -> decisions.containsKey(gate) || timer.get(0).isCompleted());
    countdown.cancel();
    return decisions.containsKey(gate);
  }

  /** None once the deadline has passed: a pipeline restarted after its gate's deadline decides at once. */
  private static Duration timeLeft(Instant now, Instant deadline) {
    return now.isBefore(deadline) ? Duration.between(now, deadline) : Duration.ZERO;
  }

  private static List<StageEnd> finished(Map<String, Promise<StageEnd>> running) {
    List<StageEnd> ends = new ArrayList<>();
    running.values().removeIf(promise -> {
      if (!promise.isCompleted()) {
        return false;
      }
      ends.add(promise.get());
      return true;
    });
    return ends;
  }
}
