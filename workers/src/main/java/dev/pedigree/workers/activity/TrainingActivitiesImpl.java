package dev.pedigree.workers.activity;

import dev.pedigree.workers.engine.TrainingDivergedException;
import dev.pedigree.workers.engine.TrainingSummary;
import dev.pedigree.workers.store.ArtifactStore;
import dev.pedigree.workers.store.CorruptArtifactException;
import dev.pedigree.workflows.common.FailureTypes;
import dev.pedigree.workflows.run.InputModel;
import dev.pedigree.workflows.run.TrainInput;
import dev.pedigree.workflows.run.TrainProgress;
import dev.pedigree.workflows.run.TrainResult;
import dev.pedigree.workflows.run.TrainingActivities;
import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;
import io.temporal.failure.ApplicationFailure;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs the engine for one attempt. A retried attempt resumes from the checkpoint named in the last heartbeat, once its
 * bytes match their sha256; checkpoints and the model go to the artifact store, metrics and artifact records to the
 * platform over HTTP; cancellation and shutdown stop at a step boundary after a checkpoint.
 */
public final class TrainingActivitiesImpl implements TrainingActivities {
  /** Retryable: another attempt resumes from the checkpoint this one wrote before its worker stopped. */
  public static final String WORKER_SHUTDOWN = "WORKER_SHUTDOWN";

  private final PlatformClient platform;
  private final ArtifactStore store;
  private final String identity;
  private final AtomicBoolean shuttingDown;

  public TrainingActivitiesImpl(
      PlatformClient platform, ArtifactStore store, String identity, AtomicBoolean shuttingDown) {
    this.platform = platform;
    this.store = store;
    this.identity = identity;
    this.shuttingDown = shuttingDown;
  }

  @Override
  public TrainResult trainModel(TrainInput input) {
    DeviceClock clock = new DeviceClock();
    ActivityExecutionContext context = Activity.getExecutionContext();
    int attempt = input.attemptOffset() + context.getInfo().getAttempt();
    UUID runId = input.runId();
    TrainProgress resumedFrom =
        context.getHeartbeatDetails(TrainProgress.class).orElse(new TrainProgress(0, null, 0, 0, null));
    Optional<Path> checkpoint = resumeCheckpoint(runId, resumedFrom, () -> context.heartbeat(resumedFrom));

    try (MetricBatcher metrics = new MetricBatcher(platform, runId, attempt)) {
      RunListener listener =
          new RunListener(context, runId, metrics, store, shuttingDown, resumedFrom, clock,
              (fromStep, device) -> clock.continueFrom(
                  platform.reportAttempt(runId, attempt, fromStep, identity, device, clock.heldSeconds())),
              artifact -> platform.registerArtifact(runId, artifact),
              samples -> platform.reportSampleLosses(runId, attempt, samples));
      Path workDir = store.workDirectory(runId);
      Map<String, Path> models = openInputs(runId, input.inputs(), listener::heartbeat);
      TrainingSummary summary;
      try {
        summary = TrainingJobs.create(input.kind(), input.specJson(), models, checkedSha256(input.inputs()), workDir)
            .run(checkpoint, listener, listener);
      } catch (IllegalArgumentException e) {
        throw ApplicationFailure.newNonRetryableFailure(e.getMessage(), FailureTypes.INVALID_INPUT);
      } catch (TrainingDivergedException e) {
        throw ApplicationFailure.newNonRetryableFailure(e.getMessage(), FailureTypes.DIVERGED);
      } catch (RuntimeException e) {
        throw OutOfMemory.isOne(e) ? OutOfMemory.failure(e) : e;
      }
      if (listener.lastCheckpoint() != null) {
        Heartbeating.run(() -> platform.registerArtifact(runId, listener.lastCheckpoint()), listener::heartbeat);
      }
      if (listener.completion() != null) {
        store.release(runId);
        throw listener.completion();
      }
      if (summary.stopped()) {
        throw ApplicationFailure.newFailure(
            "worker " + identity + " shut down at step " + summary.steps(), WORKER_SHUTDOWN);
      }
      Double finalLoss = Double.isFinite(summary.finalLoss()) ? summary.finalLoss() : null;
      String modelUri = store.publish(runId, summary.model(), summary.modelSha256(), listener::heartbeat);
      ArtifactRegistration model = new ArtifactRegistration("model", "model", modelUri, summary.modelSha256(),
          summary.model().toFile().length(), "safetensors", ModelDescription.of(summary.model(), summary.steps()));
      Heartbeating.run(() -> platform.registerArtifact(runId, model), listener::heartbeat);
      store.release(runId);
      return new TrainResult(summary.steps(), finalLoss, modelUri, summary.modelSha256());
    }
  }

  /**
   * The checkpoint named in the last heartbeat, checked against its sha256. Heartbeats are throttled, so the newest one
   * the platform received may name a checkpoint the engine has pruned since; and a workflow restarted after the
   * embedded platform restarted has no heartbeat at all. Then the run resumes from the newest stored checkpoint that a
   * newer one follows: the loop delivered its metrics before it went on to write the newer one, so the resumed run
   * has no gap in its metric history (the newest itself may have been written just before the worker died).
   */
  private Optional<Path> resumeCheckpoint(UUID runId, TrainProgress resumedFrom, Runnable keepAlive) {
    try {
      List<String> stored = store.checkpoints(runId);
      String named = resumedFrom.checkpointUri();
      if (named != null && stored.contains(named)) {
        return Optional.of(store.open(runId, named, resumedFrom.checkpointSha256(), keepAlive));
      }
      if (stored.isEmpty()) {
        return Optional.empty();
      }
      String uri = stored.get(Math.max(0, stored.size() - 2));
      return Optional.of(store.open(runId, uri, null, keepAlive));
    } catch (CorruptArtifactException e) {
      throw ApplicationFailure.newNonRetryableFailure(e.getMessage(), FailureTypes.CORRUPT_ARTIFACT);
    }
  }

  /** The run's input models as local files by role, each checked against the sha256 recorded at submission. */
  private Map<String, Path> openInputs(UUID runId, List<InputModel> inputs, Runnable keepAlive) {
    Map<String, Path> models = new LinkedHashMap<>();
    try {
      for (InputModel input : inputs) {
        models.put(input.role(),
            store.openInput(runId, input.uri(), input.sha256(), input.role() + ".safetensors", keepAlive));
      }
    } catch (CorruptArtifactException e) {
      throw ApplicationFailure.newNonRetryableFailure(e.getMessage(), FailureTypes.CORRUPT_ARTIFACT);
    }
    return models;
  }

  /** The sha256 that {@link #openInputs} checked each input against, by role, in the lower case a digest has. */
  private static Map<String, String> checkedSha256(List<InputModel> inputs) {
    Map<String, String> sha256 = new LinkedHashMap<>();
    inputs.stream().filter(input -> input.sha256() != null)
        .forEach(input -> sha256.put(input.role(), input.sha256().toLowerCase(Locale.ROOT)));
    return sha256;
  }
}
