package dev.pedigree.workflows.common;

import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import java.time.Duration;

/** Options of the short, idempotent activities that workflows call on the platform queue. */
public final class PlatformActivityOptions {
  /** Retried until they succeed, except for requests the platform refuses (IllegalArgumentException). */
  public static final ActivityOptions LEDGER =
      ActivityOptions.newBuilder()
          .setTaskQueue(TaskQueues.PLATFORM)
          .setStartToCloseTimeout(Duration.ofSeconds(30))
          .setRetryOptions(RetryOptions.newBuilder()
              .setInitialInterval(Duration.ofSeconds(1))
              .setMaximumInterval(Duration.ofMinutes(1))
              .setDoNotRetry(IllegalArgumentException.class.getName())
              .build())
          .build();

  private PlatformActivityOptions() {}
}
