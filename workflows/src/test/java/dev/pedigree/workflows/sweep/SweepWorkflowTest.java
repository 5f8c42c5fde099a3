package dev.pedigree.workflows.sweep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pedigree.workflows.common.FailureTypes;
import dev.pedigree.workflows.common.TaskQueues;
import dev.pedigree.workflows.run.RunInput;
import dev.pedigree.workflows.run.RunLedgerActivities;
import dev.pedigree.workflows.run.RunStatusUpdate;
import dev.pedigree.workflows.run.RunWorkflowImpl;
import dev.pedigree.workflows.run.TrainInput;
import dev.pedigree.workflows.run.TrainProgress;
import dev.pedigree.workflows.run.TrainResult;
import dev.pedigree.workflows.run.TrainingActivities;
import io.temporal.activity.Activity;
import io.temporal.client.ActivityCompletionException;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The sweep workflow with the real run workflow as its children; the platform's activities and training are fakes.
 * Each fake trial trains by a script: "ok" succeeds after a short while, "fail" fails for good, "forever" heartbeats
 * until it is cancelled.
 */
class SweepWorkflowTest {
  @RegisterExtension
  static final TestWorkflowExtension temporal = TestWorkflowExtension.newBuilder().setDoNotStart(true).build();

  private final UUID sweepId = UUID.randomUUID();
  private final FakePlatform platform = new FakePlatform();
  private final ScriptedTraining training = new ScriptedTraining();

  @Test
  void neverRunsMoreThanItsParallelismAndAFailedTrialDoesNotStopTheSweep(
      TestWorkflowEnvironment env, WorkflowClient client) {
    training.scripts = Map.of(2, "fail", 5, "fail");
    start(env);

    SweepResult result = stub(client).run(new SweepInput(sweepId, 8, 3, null));

    assertThat(result).isEqualTo(new SweepResult("SUCCEEDED", 6, 2, 0));
    assertThat(training.maxConcurrent).hasValue(3);
    assertThat(platform.trialsCreated).containsExactlyInAnyOrder(1, 2, 3, 4, 5, 6, 7, 8);
    assertThat(platform.trialsCreated.subList(0, 3)).containsExactlyInAnyOrder(1, 2, 3);
    assertThat(platform.calls).startsWith("running").endsWith("ended SUCCEEDED null");
  }

  @Test
  void aRestartedSweepRunsOnlyTheTrialsThatHadNotEndedAndCountsTheOthers(
      TestWorkflowEnvironment env, WorkflowClient client) {
    start(env);

    SweepResult result = stub(client).run(
        new SweepInput(sweepId, 5, 2, null, Map.of(1, "SUCCEEDED", 3, "FAILED", 4, "CANCELLED")));

    assertThat(result).isEqualTo(new SweepResult("SUCCEEDED", 3, 1, 1));
    assertThat(platform.trialsCreated).containsExactlyInAnyOrder(2, 5);
  }

  @Test
  void aSweepWhoseTrialsAllFailEndsFailedNamingThem(TestWorkflowEnvironment env, WorkflowClient client) {
    training.scripts = Map.of(1, "fail", 2, "fail");
    start(env);

    SweepResult result = stub(client).run(new SweepInput(sweepId, 2, 2, null));

    assertThat(result).isEqualTo(new SweepResult("FAILED", 0, 2, 0));
    assertThat(platform.calls.get(platform.calls.size() - 1))
        .startsWith("ended FAILED no trial succeeded: trial ").contains("trial 1 FAILED", "trial 2 FAILED");
  }

  @Test
  void cancellingTheSweepCancelsItsRunningTrialsAndStartsNoOther(TestWorkflowEnvironment env, WorkflowClient client) {
    training.scripts = Map.of(1, "forever", 2, "forever", 3, "forever");
    start(env);
    SweepWorkflow sweep = stub(client);
    WorkflowClient.start(sweep::run, new SweepInput(sweepId, 3, 2, null));
    await().atMost(Duration.ofSeconds(20)).until(() -> training.started.size() == 2);

    WorkflowStub.fromTyped(sweep).cancel();

    await().atMost(Duration.ofSeconds(20)).until(() -> platform.calls.contains("ended CANCELLED null"));
    await().atMost(Duration.ofSeconds(20)).until(() -> training.cancelled.size() == 2);
    assertThat(training.cancelled).containsExactlyInAnyOrder(1, 2);
    assertThat(platform.trialsCreated).containsExactlyInAnyOrder(1, 2);
    await().atMost(Duration.ofSeconds(20)).until(() -> platform.runsCancelled.size() == 2);
  }

  @Test
  void earlyStoppingCancelsARunningTrialWorseThanTheMedianOfTheCompletedOnes(
      TestWorkflowEnvironment env, WorkflowClient client) {
    training.scripts = Map.of(1, "ok", 2, "forever", 3, "forever");
    // Trial 1 completed at 2.0; at the step they reached, trial 2's best is 3.0 (worse), trial 3's 1.5 (better).
    platform.bestSoFar = Map.of(2, 3.0, 3, 1.5);
    platform.completedValue = 2.0;
    start(env);
    SweepWorkflow sweep = stub(client);
    WorkflowClient.start(sweep::run, new SweepInput(sweepId, 3, 3, Duration.ofSeconds(1)));

    await().atMost(Duration.ofSeconds(30)).until(() -> training.cancelled.contains(2));

    assertThat(platform.stoppedEarly).containsExactly(platform.runOf(2));
    assertThat(training.cancelled).containsExactly(2);
    WorkflowStub.fromTyped(sweep).cancel();
    await().atMost(Duration.ofSeconds(20)).until(() -> platform.calls.contains("ended CANCELLED null"));
  }

  @Test
  void withoutACompletedTrialEarlyStoppingStopsNothing(TestWorkflowEnvironment env, WorkflowClient client) {
    platform.bestSoFar = Map.of(1, 9.0);
    platform.completedValue = 2.0;
    start(env);

    SweepResult result = stub(client).run(new SweepInput(sweepId, 1, 1, Duration.ofMillis(100)));

    assertThat(result).isEqualTo(new SweepResult("SUCCEEDED", 1, 0, 0));
    assertThat(platform.stoppedEarly).isEmpty();
  }

  @Test
  void aGenerationalSweepStartsNoTrialBeforeTheGenerationsBeforeItsOwnHaveEnded(
      TestWorkflowEnvironment env, WorkflowClient client) {
    training.scripts = Map.of(2, "fail");
    start(env);

    SweepResult result = stub(client).run(new SweepInput(sweepId, 6, 4, null, Map.of(), 2));

    assertThat(result).isEqualTo(new SweepResult("SUCCEEDED", 5, 1, 0));
    assertThat(training.maxConcurrent).hasValue(2);
    List<String> events = training.events;
    for (int trial = 3; trial <= 6; trial++) {
      int generationStart = (trial - 1) / 2 * 2;
      for (int earlier = 1; earlier <= generationStart; earlier++) {
        assertThat(events.indexOf("start " + trial)).as("trial %d after trial %d", trial, earlier)
            .isGreaterThan(events.indexOf("end " + earlier));
      }
    }
  }

  private void start(TestWorkflowEnvironment env) {
    Worker worker = env.newWorker(TaskQueues.PLATFORM);
    worker.registerWorkflowImplementationTypes(SweepWorkflowImpl.class, RunWorkflowImpl.class);
    worker.registerActivitiesImplementations(platform, platform.ledger);
    env.newWorker(TaskQueues.CPU).registerActivitiesImplementations(training);
    env.start();
  }

  private static SweepWorkflow stub(WorkflowClient client) {
    return client.newWorkflowStub(
        SweepWorkflow.class, WorkflowOptions.newBuilder().setTaskQueue(TaskQueues.PLATFORM).build());
  }

  /** The platform's activities: records what the workflow asks, and applies the median rule to scripted values. */
  final class FakePlatform implements SweepActivities {
    final List<Integer> trialsCreated = new CopyOnWriteArrayList<>();
    final List<String> calls = new CopyOnWriteArrayList<>();
    final List<UUID> stoppedEarly = new CopyOnWriteArrayList<>();
    final Set<UUID> runsCancelled = ConcurrentHashMap.newKeySet();
    final Map<Integer, UUID> runs = new ConcurrentHashMap<>();
    volatile Map<Integer, Double> bestSoFar = Map.of();
    volatile double completedValue;
    final RunLedgerActivities ledger = new RunLedgerActivities() {
      @Override
      public void markRunRunning(RunStatusUpdate update) {}

      @Override
      public void markRunSucceeded(RunStatusUpdate update) {}

      @Override
      public void markRunFailed(RunStatusUpdate update) {}

      @Override
      public void markRunCancelled(RunStatusUpdate update) {
        runsCancelled.add(update.runId());
      }
    };

    UUID runOf(int trial) {
      return runs.get(trial);
    }

    @Override
    public RunInput createTrialRun(TrialRequest request) {
      trialsCreated.add(request.trial());
      runs.put(request.trial(), request.runId());
      return new RunInput(request.runId(), "pretrain", "{\"trial\":" + request.trial() + "}", TaskQueues.CPU,
          Duration.ofSeconds(1), 1, 0, List.of());
    }

    @Override
    public List<UUID> trialsToStopEarly(UUID sweepId) {
      MedianStoppingRule rule = new MedianStoppingRule(true, 0);
      List<Double> completed = training.succeeded.isEmpty() ? List.of() : List.of(completedValue);
      return training.running().stream()
          .filter(trial -> rule.stops(10, bestSoFar.getOrDefault(trial, 0.0), completed))
          .map(runs::get)
          .toList();
    }

    @Override
    public void markTrialStoppedEarly(UUID runId) {
      stoppedEarly.add(runId);
    }

    @Override
    public void markSweepRunning(UUID sweepId) {
      calls.add("running");
    }

    @Override
    public void markSweepEnded(UUID sweepId, String status, String error) {
      calls.add("ended " + status + " " + error);
    }
  }

  static final class ScriptedTraining implements TrainingActivities {
    volatile Map<Integer, String> scripts = Map.of();
    final AtomicInteger concurrent = new AtomicInteger();
    final AtomicInteger maxConcurrent = new AtomicInteger();
    final List<Integer> started = new CopyOnWriteArrayList<>();
    final List<Integer> succeeded = new CopyOnWriteArrayList<>();
    final List<Integer> cancelled = new CopyOnWriteArrayList<>();
    final List<String> events = new CopyOnWriteArrayList<>();

    List<Integer> running() {
      return started.stream().filter(t -> !succeeded.contains(t) && !cancelled.contains(t)).toList();
    }

    @Override
    public TrainResult trainModel(TrainInput input) {
      int trial = Integer.parseInt(input.specJson().replaceAll("\\D", ""));
      started.add(trial);
      events.add("start " + trial);
      maxConcurrent.accumulateAndGet(concurrent.incrementAndGet(), Math::max);
      try {
        switch (scripts.getOrDefault(trial, "ok")) {
          case "fail" -> throw ApplicationFailure.newNonRetryableFailure("bad trial", FailureTypes.INVALID_SPEC);
          case "forever" -> heartbeatUntilCancelled(trial);
          default -> sleep(300);
        }
        succeeded.add(trial);
        return new TrainResult(10, 1.0, "file:///m", "ab");
      } finally {
        events.add("end " + trial);
        concurrent.decrementAndGet();
      }
    }

    private void heartbeatUntilCancelled(int trial) {
      try {
        while (true) {
          Activity.getExecutionContext().heartbeat(new TrainProgress(1, null, 0, 0, null));
          sleep(50);
        }
      } catch (ActivityCompletionException cancelled) {
        this.cancelled.add(trial);
        throw cancelled;
      }
    }

    private static void sleep(long millis) {
      try {
        Thread.sleep(millis);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
  }
}
