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
 * Buffers metric points of one attempt and ships them in batches off the training thread, once a second; the first
 * point goes at once, so a new run shows its first step without waiting for the next batch. A failed send keeps the
 * points buffered for the next try; {@link #close()} delivers everything left or throws.
 */
final class MetricBatcher implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(MetricBatcher.class);
  private static final long FLUSH_MILLIS = 1000;
  /** The platform takes at most 100,000 points a request; smaller requests also retry cheaper. */
  static final int MAX_POINTS_PER_REQUEST = 20_000;

  private final PlatformClient platform;
  private final UUID runId;
  private final int attempt;
  private final ScheduledExecutorService sender;
  private final Map<String, List<Object[]>> pending = new LinkedHashMap<>();
  private final Object sendLock = new Object();
  private boolean anyAdded;

  MetricBatcher(PlatformClient platform, UUID runId, int attempt) {
    this(platform, runId, attempt, FLUSH_MILLIS);
  }

  MetricBatcher(PlatformClient platform, UUID runId, int attempt, long flushMillis) {
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
    sender.scheduleWithFixedDelay(this::flushQuietly, flushMillis, flushMillis, TimeUnit.MILLISECONDS);
  }

  synchronized void add(String key, long step, double value) {
    if (Double.isFinite(value)) {
      pending.computeIfAbsent(key, k -> new ArrayList<>()).add(new Object[] {step, value, System.currentTimeMillis()});
      if (!anyAdded) {
        anyAdded = true;
        sender.execute(this::flushQuietly);
      }
    }
  }

  private void flushQuietly() {
    try {
      flushNow();
    } catch (RuntimeException e) {
      log.warn("metrics of run {} stay buffered: {}", runId, e.getMessage());
    }
  }

  /**
   * Delivers every point added so far, waiting for a send in flight; throws when the platform stays unreachable.
   * A checkpoint becomes the resume point only after this, so a resumed attempt never skips undelivered steps.
   */
  void flushNow() {
    synchronized (sendLock) {
      sendPending();
    }
  }

  private void sendPending() {
    Map<String, List<Object[]>> unsent = takePending();
    try {
      while (!unsent.isEmpty()) {
        Map<String, List<Object[]>> chunk = firstChunk(unsent);
        try {
          platform.sendMetrics(runId, Map.of("attempt", attempt, "series", asSeries(chunk)));
        } catch (PlatformClient.PlatformRejectedException invalid) {
          log.error("metrics of run {} dropped, the platform refused them as invalid: {}", runId, invalid.getMessage());
        }
        chunk.forEach((key, points) -> unsent.get(key).subList(0, points.size()).clear());
        unsent.values().removeIf(List::isEmpty);
      }
    } finally {
      putBack(unsent);
    }
  }

  /** At most {@link #MAX_POINTS_PER_REQUEST} points, taken from the front of each key's pending points. */
  private static Map<String, List<Object[]>> firstChunk(Map<String, List<Object[]>> pending) {
    Map<String, List<Object[]>> chunk = new LinkedHashMap<>();
    int room = MAX_POINTS_PER_REQUEST;
    for (Map.Entry<String, List<Object[]>> entry : pending.entrySet()) {
      if (room == 0) {
        break;
      }
      List<Object[]> points = entry.getValue();
      int take = Math.min(room, points.size());
      chunk.put(entry.getKey(), List.copyOf(points.subList(0, take)));
      room -= take;
    }
    return chunk;
  }

  private static List<Map<String, Object>> asSeries(Map<String, List<Object[]>> points) {
    List<Map<String, Object>> series = new ArrayList<>();
    points.forEach((key, values) -> series.add(Map.of("key", key, "points", values)));
    return series;
  }

  private synchronized Map<String, List<Object[]>> takePending() {
    Map<String, List<Object[]>> batch = new LinkedHashMap<>(pending);
    pending.clear();
    return batch;
  }

  /** Returns unsent points to the front of the buffer, ahead of points added since. */
  private synchronized void putBack(Map<String, List<Object[]>> unsent) {
    unsent.forEach((key, points) -> pending.merge(key, points, (newer, older) -> {
      List<Object[]> merged = new ArrayList<>(older);
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
    flushNow();
  }
}
