package dev.pedigree.api.metric;

import dev.pedigree.api.common.problem.ApiProblem;
import dev.pedigree.api.common.problem.FieldError;
import dev.pedigree.api.common.problem.ProblemTypes;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

/** Metric use cases: batch ingest from workers, curves and key summaries for readers. */
@Service
public class MetricService {
  /** A tracked run is not resumed by Pedigree: all its points belong to one attempt. */
  private static final int TRACKED_ATTEMPT = 1;

  private final MetricRepository metrics;
  private final ApplicationEventPublisher events;

  MetricService(MetricRepository metrics, ApplicationEventPublisher events) {
    this.metrics = metrics;
    this.events = events;
  }

  /**
   * Idempotent on (run, attempt, key, step); publishes {@link MetricsIngested} once new points have committed. A worker
   * reports its attempt before its first point, so a later attempt than the run's latest is a client's error: its
   * points would replace the curve (the latest attempt's points win at each step).
   */
  IngestResult ingest(UUID runId, MetricBatch batch) {
    int latest = metrics.latestAttempt(runId).orElseThrow(() -> ApiProblem.notFound("Run", runId));
    if (batch.attempt() > latest) {
      throw new ApiProblem(HttpStatus.CONFLICT, ProblemTypes.CONFLICT, "Unknown attempt",
          "Run " + runId + " has no attempt " + batch.attempt() + " (its latest is " + latest
              + "); report an attempt before its metrics.",
          List.of(new FieldError("$.attempt", "must be at most the run's latest reported attempt, " + latest)));
    }
    IngestResult result = metrics.ingest(runId, batch).orElseThrow(() -> ApiProblem.notFound("Run", runId));
    if (result.accepted() > 0) {
      events.publishEvent(new MetricsIngested(runId, batch.attempt(), batch.asSeries()));
    }
    return result;
  }

  /**
   * Points logged by a tracking client into its run's only attempt, 1. The store keeps one value per step: a point
   * repeated with the value already there is skipped (a retried request), one with another value is refused, never
   * dropped. NaN and ±Infinity are values like any other (a diverged loss), as from workers. The check runs before the ingest's transaction: two clients
   * racing to log different values at one step of one run would both pass it, and the second value is not stored.
   */
  public IngestResult record(UUID runId, List<LoggedPoint> points) {
    Map<String, Map<Long, Double>> stored = metrics.storedAt(runId, TRACKED_ATTEMPT, points);
    Map<String, MetricBatch.Points> byKey = new LinkedHashMap<>();
    for (LoggedPoint point : points) {
      Double before = stored.computeIfAbsent(point.key(), key -> new HashMap<>()).putIfAbsent(point.step(),
          point.value());
      if (before != null) {
        if (Double.compare(before, point.value()) != 0) {
          throw ApiProblem.invalidField("metrics", "metric '" + point.key() + "' already has the value " + before
              + " at step " + point.step() + ", not " + point.value()
              + "; Pedigree keeps one value per step: log each value at its own step");
        }
        continue;
      }
      byKey.computeIfAbsent(point.key(), key -> new MetricBatch.Points())
          .add(point.step(), point.value(), point.wallMillis());
    }
    List<MetricBatch.Series> series = new ArrayList<>();
    byKey.forEach((key, keyPoints) -> series.add(new MetricBatch.Series(key, keyPoints)));
    return ingest(runId, new MetricBatch(TRACKED_ATTEMPT, series));
  }

  /** The key's points in step order, {@code limit} of them from {@code offset}. */
  public List<LoggedPoint> history(UUID runId, String key, int limit, long offset) {
    return metrics.history(runId, key, limit, offset);
  }

  /** Each run's latest point of every key, keys in name order. */
  public Map<UUID, List<LoggedPoint>> latest(Collection<UUID> runIds) {
    return metrics.latest(runIds);
  }

  /**
   * Curves of the given keys (all keys of the run when empty), in the order asked; a key without points has an empty
   * curve. Each curve holds one point per step of the window, from the highest attempt, downsampled to at most
   * {@code maxPoints}; with {@code wallTimes} each point carries its wall time.
   */
  public MetricsResponse curves(UUID runId, List<String> keys, int maxPoints, StepWindow window, boolean wallTimes) {
    requireRun(runId);
    Map<String, MetricRepository.StoredKey> stored = new LinkedHashMap<>();
    metrics.keys(runId).forEach(key -> stored.put(key.name(), key));
    List<String> names = keys.isEmpty() ? List.copyOf(stored.keySet()) : List.copyOf(new LinkedHashSet<>(keys));
    List<MetricSeries> series = new ArrayList<>();
    for (String name : names) {
      MetricRepository.StoredKey key = stored.get(name);
      series.add(new MetricSeries(name, key == null ? List.of() : metrics.curve(key, maxPoints, window, wallTimes)));
    }
    return new MetricsResponse(series);
  }

  /**
   * The curve of {@code key} inside the window in each of the runs, in the order given; empty where a run has no such
   * key.
   */
  public Map<UUID, List<MetricPoint>> curvesOf(List<UUID> runIds, String key, int maxPoints, StepWindow window,
      boolean wallTimes) {
    Map<UUID, MetricRepository.StoredKey> stored = metrics.keyOfRuns(runIds, key);
    Map<UUID, List<MetricPoint>> curves = new LinkedHashMap<>();
    for (UUID run : runIds) {
      MetricRepository.StoredKey storedKey = stored.get(run);
      curves.put(run, storedKey == null ? List.of() : metrics.curve(storedKey, maxPoints, window, wallTimes));
    }
    return curves;
  }

  public MetricKeysResponse keys(UUID runId) {
    requireRun(runId);
    return new MetricKeysResponse(metrics.summaries(List.of(runId)).getOrDefault(runId, List.of()));
  }

  /** Each run's value of {@code key} at {@code step} (or its latest point before it); runs without one are left out. */
  public Map<UUID, Double> valuesAt(Collection<UUID> runIds, String key, long step) {
    return metrics.valuesAt(runIds, key, step);
  }

  /** Each run's first value of {@code key} at {@code step} or after it, in the order the runs reached that step. */
  public LinkedHashMap<UUID, Double> valuesReaching(Collection<UUID> runIds, String key, long step) {
    return metrics.valuesReaching(runIds, key, step);
  }

  /** Each run's key summaries by key name, for run lists and run pages. */
  public Map<UUID, Map<String, MetricKeysResponse.MetricKeySummary>> summaries(Collection<UUID> runIds) {
    Map<UUID, Map<String, MetricKeysResponse.MetricKeySummary>> byRun = new HashMap<>();
    metrics.summaries(runIds).forEach((run, keys) -> {
      Map<String, MetricKeysResponse.MetricKeySummary> byKey = new LinkedHashMap<>();
      keys.forEach(key -> byKey.put(key.key(), key));
      byRun.put(run, byKey);
    });
    return byRun;
  }

  private void requireRun(UUID runId) {
    if (!metrics.runExists(runId)) {
      throw ApiProblem.notFound("Run", runId);
    }
  }
}
