package dev.pedigree.workers.activity;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs a blocking call to the platform while the activity keeps heartbeating, so an API outage (during which the
 * platform client retries) does not make Temporal time out a healthy training attempt.
 */
final class Heartbeating {
  private static final long HEARTBEAT_MILLIS = 1000;
  private static final ExecutorService CALLS =
      Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "platform-call");
        thread.setDaemon(true);
        return thread;
      });

  private Heartbeating() {}

  static void run(Runnable call, Runnable heartbeat) {
    CompletableFuture<Void> done = CompletableFuture.runAsync(call, CALLS);
    while (true) {
      try {
        done.get(HEARTBEAT_MILLIS, TimeUnit.MILLISECONDS);
        return;
      } catch (TimeoutException stillWaiting) {
        heartbeat.run();
      } catch (ExecutionException e) {
        throw e.getCause() instanceof RuntimeException runtime ? runtime : new IllegalStateException(e.getCause());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for the platform", e);
      }
    }
  }
}
