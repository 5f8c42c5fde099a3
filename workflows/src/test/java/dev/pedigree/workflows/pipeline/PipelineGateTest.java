package dev.pedigree.workflows.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import dev.pedigree.workflows.common.TaskQueues;
import dev.pedigree.workflows.run.RunInput;
import dev.pedigree.workflows.run.RunResult;
import dev.pedigree.workflows.run.RunWorkflow;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.client.WorkflowUpdateException;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Gate and register stages on Temporal's test server: the runs are stand-ins that succeed, the platform records calls.
 */
class PipelineGateTest {
  @RegisterExtension
  static final TestWorkflowExtension temporal = TestWorkflowExtension.newBuilder().setDoNotStart(true).build();

  /** What the platform was asked, in order: "run:<stage>", "waiting:<gate>[:<timeout>]",
   * "decided:<gate>:<approved>:<by>[:<comment>]", "ended:…". */
  static final Queue<String> calls = new ConcurrentLinkedQueue<>();
  static final Map<UUID, String> stageOfRun = new ConcurrentHashMap<>();
  /** Holds the platform's recording of gate decisions, so the workflow still runs when a second decision comes. */
  static volatile CountDownLatch recording = new CountDownLatch(0);
  /** The test server's clock, which skips ahead while the workflows wait. */
  static volatile TestWorkflowEnvironment clock;

  private final UUID pipelineId = UUID.randomUUID();
  private final List<StagePlan> stages = List.of(
      new StagePlan("train", "pretrain", "{}", List.of()),
      new StagePlan("approve", StagePlan.GATE, "Promote it?", List.of("train")),
      new StagePlan("merge", "merge", "{}", List.of("approve")));

  @Test
  void theStageAfterAGateStartsOnlyOnceAPersonApproves(TestWorkflowEnvironment env, WorkflowClient client) {
    PipelineWorkflow pipeline = start(env, client, Set.of());
    await().atMost(Duration.ofSeconds(10)).until(() -> calls.contains("waiting:approve"));
    env.sleep(Duration.ofDays(3));
    assertThat(calls).as("nothing runs past a waiting gate").doesNotContain("run:merge");

    assertThatThrownBy(() -> pipeline.decide(new GateDecision("merge", true, "mallory", "not a gate")))
        .isInstanceOf(WorkflowUpdateException.class);
    pipeline.decide(new GateDecision("approve", true, "alice", "eval looks right"));
    PipelineResult result = WorkflowStub.fromTyped(pipeline).getResult(PipelineResult.class);

    assertThat(result.status()).isEqualTo("SUCCEEDED");
    assertThat(result.models()).containsOnlyKeys("train", "merge");
    assertThat(calls).containsExactly("running", "run:train", "waiting:approve",
        "decided:approve:true:alice:eval looks right", "run:merge", "ended:SUCCEEDED:null");
  }

  @Test
  void aRejectedGateFailsThePipelineWithWhoAndWhy(TestWorkflowEnvironment env, WorkflowClient client) {
    PipelineWorkflow pipeline = start(env, client, Set.of());
    await().atMost(Duration.ofSeconds(10)).until(() -> calls.contains("waiting:approve"));

    recording = new CountDownLatch(1);
    pipeline.decide(new GateDecision("approve", false, "bob", "accuracy fell"));
    assertThat(lateDecision(pipeline)).as("the second decision is refused, and its caller told")
        .isInstanceOf(WorkflowUpdateException.class);
    PipelineResult result = WorkflowStub.fromTyped(pipeline).getResult(PipelineResult.class);

    assertThat(result.status()).isEqualTo("FAILED");
    assertThat(calls).containsExactly("running", "run:train", "waiting:approve",
        "decided:approve:false:bob:accuracy fell", "ended:FAILED:gate approve rejected by bob: accuracy fell");
  }

  @Test
  void aGateApprovedInAnEarlierTryDoesNotAskAgain(TestWorkflowEnvironment env, WorkflowClient client) {
    PipelineWorkflow pipeline = start(env, client, Set.of("approve"));

    PipelineResult result = WorkflowStub.fromTyped(pipeline).getResult(PipelineResult.class);

    assertThat(result.status()).isEqualTo("SUCCEEDED");
    assertThat(calls).containsExactly("running", "run:merge", "ended:SUCCEEDED:null");
  }

  @Test
  void cancellingAPipelineThatWaitsAtAGateEndsItCancelled(TestWorkflowEnvironment env, WorkflowClient client) {
    PipelineWorkflow pipeline = start(env, client, Set.of());
    await().atMost(Duration.ofSeconds(10)).until(() -> calls.contains("waiting:approve"));

    WorkflowStub.fromTyped(pipeline).cancel();

    assertThatThrownBy(() -> WorkflowStub.fromTyped(pipeline).getResult(PipelineResult.class))
        .isInstanceOf(WorkflowFailedException.class);
    await().atMost(Duration.ofSeconds(10)).until(() -> calls.contains("ended:CANCELLED:null"));
    assertThat(calls).doesNotContain("run:merge");
  }

  @Test
  void aRegisterStageAfterTheGateRegistersTheUpstreamModelAndPassesItOn(
      TestWorkflowEnvironment env, WorkflowClient client) {
    List<StagePlan> promoting = List.of(stages.get(0), stages.get(1), new StagePlan("promote", StagePlan.REGISTER,
        "{\"model\":\"${stages.train.model}\",\"name\":\"arith\"}", List.of("approve", "train")));
    PipelineWorkflow pipeline = start(env, client, promoting, Set.of());
    await().atMost(Duration.ofSeconds(10)).until(() -> calls.contains("waiting:approve"));

    pipeline.decide(new GateDecision("approve", true, "alice", null));
    PipelineResult result = WorkflowStub.fromTyped(pipeline).getResult(PipelineResult.class);

    assertThat(result.status()).isEqualTo("SUCCEEDED");
    assertThat(result.models()).containsEntry("promote", "model-of-train");
    assertThat(calls).containsExactly("running", "run:train", "waiting:approve", "decided:approve:true:alice",
        "register:promote:model-of-train", "ended:SUCCEEDED:null");
  }

  @Test
  void aGateNobodyDecidesInTimeRejectsItselfAndFailsThePipeline(TestWorkflowEnvironment env, WorkflowClient client) {
    recording = new CountDownLatch(1);
    PipelineWorkflow pipeline = start(env, client, timingOut(false), Set.of());
    await().atMost(Duration.ofSeconds(10)).until(() -> calls.contains("waiting:approve:PT1H"));
    // The test server's clock stands still while an activity runs: it skips the hour in the background.
    CompletableFuture<Void> anHourLater = CompletableFuture.runAsync(() -> env.sleep(Duration.ofMinutes(61)));
    await().atMost(Duration.ofSeconds(10)).until(() -> calls.stream().anyMatch(call -> call.contains(":timeout:")));

    assertThat(lateDecision(pipeline)).isInstanceOf(WorkflowUpdateException.class)
        .hasStackTraceContaining("timed out and decided itself");
    anHourLater.join();
    PipelineResult result = WorkflowStub.fromTyped(pipeline).getResult(PipelineResult.class);

    assertThat(result.status()).isEqualTo("FAILED");
    assertThat(calls).containsExactly("running", "run:train", "waiting:approve:PT1H",
        "decided:approve:false:timeout:no decision within PT1H", "ended:FAILED:gate approve timed out after PT1H");
  }

  @Test
  void aGateThatApprovesOnTimeoutStartsTheNextStage(TestWorkflowEnvironment env, WorkflowClient client) {
    PipelineWorkflow pipeline = start(env, client, timingOut(true), Set.of());

    PipelineResult result = WorkflowStub.fromTyped(pipeline).getResult(PipelineResult.class);

    assertThat(result.status()).isEqualTo("SUCCEEDED");
    assertThat(calls).containsExactly("running", "run:train", "waiting:approve:PT1H",
        "decided:approve:true:timeout:no decision within PT1H", "run:merge", "ended:SUCCEEDED:null");
  }

  @Test
  void aPersonsDecisionBeforeTheTimeoutIsTheOnlyOne(TestWorkflowEnvironment env, WorkflowClient client) {
    PipelineWorkflow pipeline = start(env, client, timingOut(false), Set.of());
    await().atMost(Duration.ofSeconds(10)).until(() -> calls.contains("waiting:approve:PT1H"));
    env.sleep(Duration.ofMinutes(59));

    pipeline.decide(new GateDecision("approve", true, "alice", "in time"));
    PipelineResult result = WorkflowStub.fromTyped(pipeline).getResult(PipelineResult.class);

    assertThat(result.status()).isEqualTo("SUCCEEDED");
    assertThat(calls).containsExactly("running", "run:train", "waiting:approve:PT1H",
        "decided:approve:true:alice:in time", "run:merge", "ended:SUCCEEDED:null");
    assertThat(client.fetchHistory(WorkflowStub.fromTyped(pipeline).getExecution().getWorkflowId()).getEvents())
        .extracting(HistoryEvent::getEventType)
        .contains(EventType.EVENT_TYPE_TIMER_CANCELED).doesNotContain(EventType.EVENT_TYPE_TIMER_FIRED);
  }

  /** Alice's decision, sent while the platform still records the gate's first one; then it may record. */
  private static Throwable lateDecision(PipelineWorkflow pipeline) {
    Throwable refused = catchThrowable(() -> pipeline.decide(new GateDecision("approve", true, "alice", "too late")));
    recording.countDown();
    return refused;
  }

  /** The stages with a gate that decides itself after an hour. */
  private List<StagePlan> timingOut(boolean approves) {
    StagePlan gate = stages.get(1);
    return List.of(stages.get(0), new StagePlan(gate.name(), gate.kind(), gate.specTemplate(), gate.dependsOn(),
        new GateTimeout(Duration.ofHours(1), approves)), stages.get(2));
  }

  private PipelineWorkflow start(TestWorkflowEnvironment env, WorkflowClient client, Set<String> approvedGates) {
    return start(env, client, stages, approvedGates);
  }

  private PipelineWorkflow start(TestWorkflowEnvironment env, WorkflowClient client, List<StagePlan> plan,
      Set<String> approvedGates) {
    calls.clear();
    clock = env;
    Worker worker = env.newWorker(TaskQueues.PLATFORM);
    worker.registerWorkflowImplementationTypes(PipelineWorkflowImpl.class, SucceedingRun.class);
    worker.registerActivitiesImplementations(new RecordingPlatform());
    env.start();
    PipelineWorkflow pipeline = client.newWorkflowStub(
        PipelineWorkflow.class, WorkflowOptions.newBuilder().setTaskQueue(TaskQueues.PLATFORM).build());
    Map<String, String> reused = approvedGates.isEmpty() ? Map.of() : Map.of("train", UUID.randomUUID().toString());
    WorkflowClient.start(pipeline::run, new PipelineInput(pipelineId, plan, reused, approvedGates));
    return pipeline;
  }

  public static final class SucceedingRun implements RunWorkflow {
    @Override
    public RunResult run(RunInput input) {
      return new RunResult("SUCCEEDED", 1);
    }
  }

  static final class RecordingPlatform implements PipelineActivities {
    @Override
    public RunInput createStageRun(StageRequest request) {
      calls.add("run:" + request.stage());
      stageOfRun.put(request.runId(), request.stage());
      return new RunInput(request.runId(), request.kind(), "{}", TaskQueues.CPU, Duration.ofSeconds(5), 1, 0, null);
    }

    @Override
    public String registerStageModel(StageRequest request) {
      String model = request.upstreamModels().get("train");
      calls.add("register:" + request.stage() + ":" + model);
      return model;
    }

    @Override
    public String modelOf(UUID runId) {
      return "model-of-" + stageOfRun.get(runId);
    }

    @Override
    public void markPipelineRunning(UUID pipelineId) {
      calls.add("running");
    }

    /** Records how long the gate waits at most, in the workflow's clock. */
    @Override
    public Instant markGateWaiting(UUID pipelineId, String stage, Instant timeoutAt) {
      if (timeoutAt == null) {
        calls.add("waiting:" + stage);
        return null;
      }
      long minutes = Math.round(Duration.between(Instant.ofEpochMilli(clock.currentTimeMillis()), timeoutAt).toMillis()
          / 60_000.0);
      calls.add("waiting:" + stage + ":" + Duration.ofMinutes(minutes));
      return timeoutAt;
    }

    @Override
    public void recordGateDecision(UUID pipelineId, GateDecision decision) {
      calls.add("decided:" + decision.stage() + ":" + decision.approved() + ":" + decision.by()
          + (decision.comment() == null ? "" : ":" + decision.comment()));
      try {
        recording.await(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    @Override
    public void markPipelineEnded(UUID pipelineId, String status, String error) {
      calls.add("ended:" + status + ":" + error);
    }
  }
}
