package dev.pedigree.workers.activity;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Buffers metric points of one attempt and ships them in batches off the training thread, once a second. A failed
 * send keeps the points buffered for the next try; {@link #close()} delivers everything left or throws.
 */
final class MetricBatcher implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(MetricBatcher.class);
  private static final long FLUSH_MILLIS = 1000;

  private final PlatformClient platform;
  private final UUID runId;
  private final int attempt;
  private final ScheduledExecutorService sender;
  private final Map<String, List<Object[]>> pending = new LinkedHashMap<>();

  MetricBatcher(PlatformClient platform, UUID runId, int attempt) {
    this.platform = platform;
    this.runId = runId;
    this.attempt = attempt;
    this.sender =
        Executors.newSingleThreadScheduledExecutor(
            runnable -> {
              Thread thread = new Thread(runnable, "metrics-" + runId);
              thread.setDaemon(true);
              return thread;
            });
    sender.scheduleWithFixedDelay(this::flushQuietly, FLUSH_MILLIS, FLUSH_MILLIS, TimeUnit.MILLISECONDS);
  }

  synchronized void add(String key, long step, double value) {
    if (Double.isFinite(value)) {
      pending.computeIfAbsent(key, k -> new ArrayList<>()).add(new Object[] {step, value, System.currentTimeMillis()});
    }
  }

  private void flushQuietly() {
    try {
      flush();
    } catch (RuntimeException e) {
      log.warn("metrics of run {} stay buffered: {}", runId, e.getMessage());
    }
  }

  private void flush() {
    Map<String, List<Object[]>> batch = takePending();
    if (batch.isEmpty()) {
      return;
    }
    List<Map<String, Object>> series = new ArrayList<>();
    batch.forEach((key, points) -> series.add(Map.of("key", key, "points", points)));
    try {
      platform.sendMetrics(runId, Map.of("attempt", attempt, "series", series));
    } catch (RuntimeException e) {
      putBack(batch);
      throw e;
    }
  }

  private synchronized Map<String, List<Object[]>> takePending() {
    Map<String, List<Object[]>> batch = new LinkedHashMap<>(pending);
    pending.clear();
    return batch;
  }

  private synchronized void putBack(Map<String, List<Object[]>> batch) {
    batch.forEach((key, points) -> pending.merge(key, points, (unsent, newer) -> {
      List<Object[]> merged = new ArrayList<>(unsent);
      merged.addAll(newer);
      return merged;
    }));
  }

  @Override
  public void close() {
    sender.shutdown();
    try {
      if (!sender.awaitTermination(5, TimeUnit.MINUTES)) {
        throw new IllegalStateException("metric sender did not finish");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    flush();
  }
}
