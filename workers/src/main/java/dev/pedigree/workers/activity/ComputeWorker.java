package dev.pedigree.workers.activity;

import dev.pedigree.workers.engine.torch.TorchRuntime;
import dev.pedigree.workers.store.ArtifactStore;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import io.temporal.worker.WorkerOptions;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

/** Registers the training activities on a compute task queue: one training at a time per worker. */
public final class ComputeWorker {
  private ComputeWorker() {}

  /**
   * @param queue {@code pedigree-cpu} or {@code pedigree-gpu}
   * @param store where checkpoints and models go
   * @param shuttingDown set on shutdown: running trainings checkpoint and end their attempt
   */
  public static Worker register(
      WorkerFactory factory, String queue, URI apiUrl, String token, ArtifactStore store, String identity,
      AtomicBoolean shuttingDown) {
    Worker worker =
        factory.newWorker(
            queue,
            WorkerOptions.newBuilder()
                .setMaxConcurrentActivityExecutionSize(1)
                // Cancellation reaches an activity only through a heartbeat, so heartbeat often.
                .setDefaultHeartbeatThrottleInterval(Duration.ofSeconds(1))
                .setMaxHeartbeatThrottleInterval(Duration.ofSeconds(1))
                .setAllowActivityHeartbeatDuringShutdown(true)
                .build());
    PlatformClient platform = new PlatformClient(apiUrl, token, Duration.ofMinutes(10));
    // Loading libtorch takes seconds: done before the worker takes work, it cannot eat into an attempt's heartbeat
    // timeout.
    TorchRuntime.initialize();
    worker.registerActivitiesImplementations(
        new TrainingActivitiesImpl(platform, store, identity, shuttingDown));
    return worker;
  }
}
