package dev.pedigree.workers.activity;

import dev.pedigree.workers.engine.CheckpointInfo;
import dev.pedigree.workers.engine.EvalMetrics;
import dev.pedigree.workers.engine.StepMetrics;
import dev.pedigree.workers.engine.StopSignal;
import dev.pedigree.workers.engine.TrainingListener;
import dev.pedigree.workers.store.ArtifactStore;
import dev.pedigree.workflows.run.TrainProgress;
import io.temporal.activity.ActivityExecutionContext;
import io.temporal.client.ActivityCompletionException;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Turns engine events into Temporal heartbeats (with the resume point) and metric points, and Temporal cancellation or
 * worker shutdown into a stop at the next step boundary.
 */
final class RunListener implements TrainingListener, StopSignal {
  private final ActivityExecutionContext context;
  private final MetricBatcher metrics;
  private final ArtifactStore store;
  private final AtomicBoolean shuttingDown;
  private final AttemptReporter attemptReporter;
  private TrainProgress progress;
  private CheckpointInfo lastCheckpoint;
  private ActivityCompletionException completion;

  RunListener(
      ActivityExecutionContext context,
      MetricBatcher metrics,
      ArtifactStore store,
      AtomicBoolean shuttingDown,
      TrainProgress resumedFrom,
      AttemptReporter attemptReporter) {
    this.context = context;
    this.metrics = metrics;
    this.store = store;
    this.shuttingDown = shuttingDown;
    this.progress = resumedFrom;
    this.attemptReporter = attemptReporter;
  }

  /** Called once the engine knows where it starts and on which device. */
  @FunctionalInterface
  interface AttemptReporter {
    void started(long fromStep, String device);
  }

  @Override
  public void onStart(long fromStep, long totalSteps, String device) {
    attemptReporter.started(fromStep, device);
    heartbeat();
  }

  @Override
  public void onStep(StepMetrics step) {
    metrics.add("train/loss", step.step(), step.loss());
    metrics.add("lr", step.step(), step.learningRate());
    metrics.add("throughput/tokens_per_s", step.step(), step.tokensPerSecond());
    progress = new TrainProgress(step.step(), progress.checkpointUri(), progress.checkpointStep(), progress.dataCursor());
    heartbeat();
  }

  @Override
  public void onEval(EvalMetrics eval) {
    metrics.add("val/loss", eval.step(), eval.valLoss());
    metrics.add("val/bpb", eval.step(), eval.valBitsPerByte());
  }

  @Override
  public void onCheckpoint(CheckpointInfo checkpoint) {
    metrics.flushNow();
    lastCheckpoint = checkpoint;
    progress = new TrainProgress(progress.step(), store.uriOf(checkpoint.path()), checkpoint.step(), checkpoint.dataCursor());
    heartbeat();
  }

  @Override
  public boolean stopRequested() {
    return completion != null || shuttingDown.get();
  }

  /** Set when Temporal cancelled the activity (or it timed out): the caller rethrows it after the final checkpoint. */
  ActivityCompletionException completion() {
    return completion;
  }

  CheckpointInfo lastCheckpoint() {
    return lastCheckpoint;
  }

  private void heartbeat() {
    if (completion != null) {
      return;
    }
    try {
      context.heartbeat(progress);
    } catch (ActivityCompletionException e) {
      completion = e;
    }
  }
}
