package dev.pedigree.workers.activity;

import dev.pedigree.workers.engine.CheckpointInfo;
import dev.pedigree.workers.engine.data.DatasetSource;
import dev.pedigree.workers.engine.selection.ScorerFile;
import dev.pedigree.workers.engine.tokenizer.TokenizerFile;
import dev.pedigree.workers.engine.tokenizer.TokenizerJson;
import dev.pedigree.workers.engine.EvalMetrics;
import dev.pedigree.workers.engine.StepMetrics;
import dev.pedigree.workers.engine.StopSignal;
import dev.pedigree.workers.engine.TrainingListener;
import dev.pedigree.workers.store.ArtifactStore;
import dev.pedigree.workflows.common.MetricKeys;
import dev.pedigree.workflows.run.TrainProgress;
import io.temporal.activity.ActivityExecutionContext;
import io.temporal.client.ActivityCompletionException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * Turns engine events into Temporal heartbeats (with the resume point) and metric points, publishes checkpoints to the
 * artifact store, and turns Temporal cancellation or worker shutdown into a stop at the next step boundary.
 */
final class RunListener implements TrainingListener, StopSignal {
  private static final int SAMPLES_PER_REQUEST = 5_000;

  private final ActivityExecutionContext context;
  private final UUID runId;
  private final MetricBatcher metrics;
  private final ArtifactStore store;
  private final AtomicBoolean shuttingDown;
  private final DeviceClock clock;
  private final AttemptReporter attemptReporter;
  private final Consumer<ArtifactRegistration> registrar;
  private final Consumer<List<SampleLoss>> sampleReporter;
  private final List<SampleLoss> samples = new ArrayList<>();
  private TrainProgress progress;
  private ArtifactRegistration lastCheckpoint;
  private ActivityCompletionException completion;

  RunListener(
      ActivityExecutionContext context,
      UUID runId,
      MetricBatcher metrics,
      ArtifactStore store,
      AtomicBoolean shuttingDown,
      TrainProgress resumedFrom,
      DeviceClock clock,
      AttemptReporter attemptReporter,
      Consumer<ArtifactRegistration> registrar,
      Consumer<List<SampleLoss>> sampleReporter) {
    this.context = context;
    this.runId = runId;
    this.metrics = metrics;
    this.store = store;
    this.shuttingDown = shuttingDown;
    this.progress = resumedFrom;
    this.clock = clock;
    this.attemptReporter = attemptReporter;
    this.registrar = registrar;
    this.sampleReporter = sampleReporter;
  }

  /** Called once the engine knows where it starts and on which device. */
  @FunctionalInterface
  interface AttemptReporter {
    void started(long fromStep, String device);
  }

  @Override
  public void onDatasets(List<DatasetSource> sources) {
    for (DatasetSource source : sources) {
      String scheme = source.uri().substring(0, source.uri().indexOf(':'));
      String format = scheme.equals("generated") || scheme.equals("selected") ? scheme : "text";
      register(new ArtifactRegistration("dataset", source.name(), source.uri(), source.sha256(), 0, format,
          Map.of("role", source.role(), "recipe", source.recipe())));
    }
  }

  @Override
  public void onScorer(ScorerFile scorer) {
    String uri = store.publish(runId, scorer.path(), scorer.sha256(), this::heartbeat);
    register(new ArtifactRegistration("scorer", scorer.path().getFileName().toString(), uri, scorer.sha256(),
        scorer.bytes(), "safetensors", Map.<String, Object>copyOf(scorer.metrics())));
  }

  /** A tokenizer outside the store (beside shared packed shards) is recorded where it is. */
  @Override
  public void onTokenizer(TokenizerFile tokenizer) {
    String uri;
    try {
      uri = store.publish(runId, tokenizer.path(), tokenizer.sha256(), this::heartbeat);
    } catch (IllegalArgumentException outsideTheStore) {
      uri = tokenizer.path().toAbsolutePath().toUri().toString();
    }
    register(new ArtifactRegistration("tokenizer", TokenizerJson.FILE_NAME, uri, tokenizer.sha256(),
        tokenizer.path().toFile().length(), "tokenizer.json", Map.of()));
  }

  private void register(ArtifactRegistration artifact) {
    Heartbeating.run(() -> registrar.accept(artifact), this::heartbeat);
  }

  @Override
  public void onStart(long fromStep, long totalSteps, String device) {
    Heartbeating.run(() -> attemptReporter.started(fromStep, device), this::heartbeat);
    heartbeat();
  }

  @Override
  public void onStep(StepMetrics step) {
    metrics.add("train/loss", step.step(), step.loss());
    metrics.add("train/grad_norm", step.step(), step.gradNorm());
    metrics.add("lr", step.step(), step.learningRate());
    metrics.add("throughput/tokens_per_s", step.step(), step.tokensPerSecond());
    metrics.add(MetricKeys.DEVICE_SECONDS, step.step(), clock.runSeconds());
    progress = new TrainProgress(step.step(), progress.checkpointUri(), progress.checkpointStep(), progress.dataCursor(),
        progress.checkpointSha256());
    heartbeat();
  }

  @Override
  public void onEval(EvalMetrics eval) {
    metrics.add("val/loss", eval.step(), eval.valLoss());
    metrics.add("val/bpb", eval.step(), eval.valBitsPerByte());
  }

  /** Mean validation entropy, and the loss at positions 1, 2, 4, … of the context (a bounded set of keys). */
  @Override
  public void onTokenStats(long step, double[] lossByPosition, double meanEntropy) {
    metrics.add("val/entropy", step, meanEntropy);
    for (int position = 1; position <= lossByPosition.length; position *= 2) {
      metrics.add("val/loss_by_position/" + position, step, lossByPosition[position - 1]);
    }
  }

  @Override
  public void onTaskEval(long step, String task, double accuracy) {
    metrics.add("eval/" + task + "/accuracy", step, accuracy);
  }

  @Override
  public void onDomainEval(long step, String domain, double valLoss) {
    metrics.add("val/domain/" + domain + "/loss", step, valLoss);
  }

  @Override
  public void onTargetEval(long step, double valLoss) {
    metrics.add("val/target/loss", step, valLoss);
  }

  @Override
  public void onDomainWeights(long step, Map<String, Double> weights) {
    weights.forEach((domain, weight) -> metrics.add("selection/weight/" + domain, step, weight));
  }

  @Override
  public void onMetrics(long step, Map<String, Double> values) {
    values.forEach((key, value) -> metrics.add(key, step, value));
  }

  /** Each micro-batch of the step adds its rows after the slots of the micro-batches before it. */
  @Override
  public void onSampleLosses(long step, long[] sampleIds, double[] losses, double[] weights) {
    int firstSlot = (int) samples.stream().filter(sample -> sample.step() == step).count();
    for (int i = 0; i < sampleIds.length; i++) {
      samples.add(new SampleLoss(step, firstSlot + i, sampleIds[i], losses[i], weights[i]));
    }
  }

  /**
   * The checkpoint becomes the resume point only once its metrics and sample losses are delivered and its bytes are in
   * the store.
   */
  @Override
  public void onCheckpoint(CheckpointInfo checkpoint) {
    Heartbeating.run(metrics::flushNow, this::heartbeat);
    for (int from = 0; from < samples.size(); from += SAMPLES_PER_REQUEST) {
      List<SampleLoss> chunk = List.copyOf(samples.subList(from, Math.min(samples.size(), from + SAMPLES_PER_REQUEST)));
      Heartbeating.run(() -> sampleReporter.accept(chunk), this::heartbeat);
    }
    samples.clear();
    String uri = store.publish(runId, checkpoint.path(), checkpoint.sha256(), this::heartbeat);
    lastCheckpoint = new ArtifactRegistration("checkpoint", checkpoint.path().getFileName().toString(), uri,
        checkpoint.sha256(), checkpoint.bytes(), "safetensors",
        Map.of("step", checkpoint.step(), "dataCursor", checkpoint.dataCursor()));
    progress = new TrainProgress(progress.step(), uri, checkpoint.step(), checkpoint.dataCursor(), checkpoint.sha256());
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

  /** The last checkpoint this attempt published, or null. */
  ArtifactRegistration lastCheckpoint() {
    return lastCheckpoint;
  }

  /** Repeats the last heartbeat: called during long transfers. */
  void heartbeat() {
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
