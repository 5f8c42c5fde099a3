package dev.pedigree.api.run;

import dev.pedigree.api.metric.MetricSeries;
import dev.pedigree.api.metric.MetricsIngested;
import dev.pedigree.api.metric.MetricsResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * Server-sent events per run: {@code status} (run JSON) on every change, {@code metrics} with new points, each with its
 * wall time for a subscriber that asked for times.
 */
@Component
public class RunEvents {
  private static final Duration STREAM_LIFETIME = Duration.ofMinutes(30);

  private final Map<UUID, Set<Subscriber>> subscribers = new ConcurrentHashMap<>();
  private final RunService runs;

  RunEvents(RunService runs) {
    this.runs = runs;
  }

  SseEmitter subscribe(RunResponse current, boolean wallTimes) {
    SseEmitter emitter = new SseEmitter(STREAM_LIFETIME.toMillis());
    Subscriber subscriber = new Subscriber(emitter, wallTimes);
    Set<Subscriber> forRun = subscribers.computeIfAbsent(current.id(), id -> ConcurrentHashMap.newKeySet());
    forRun.add(subscriber);
    Runnable remove = () -> forRun.remove(subscriber);
    emitter.onCompletion(remove);
    emitter.onTimeout(remove);
    emitter.onError(error -> remove.run());
    send(current.id(), subscriber, "status", current);
    return emitter;
  }

  @EventListener
  void onStatusChanged(RunStatusChanged changed) {
    if (subscribers.containsKey(changed.runId())) {
      publish(changed.runId(), "status", runs.get(changed.runId()));
    }
  }

  /** New points only (a retried batch may repeat some: clients key points by step). */
  @EventListener
  void onMetricsIngested(MetricsIngested ingested) {
    if (subscribers.containsKey(ingested.runId())) {
      MetricsResponse timed = new MetricsResponse(ingested.series());
      MetricsResponse untimed =
          new MetricsResponse(ingested.series().stream().map(MetricSeries::withoutWallTimes).toList());
      for (Subscriber subscriber : subscribers.getOrDefault(ingested.runId(), Set.of())) {
        send(ingested.runId(), subscriber, "metrics", subscriber.wallTimes() ? timed : untimed);
      }
    }
  }

  /** Sends an event to everyone watching the run. */
  public void publish(UUID runId, String name, Object data) {
    for (Subscriber subscriber : subscribers.getOrDefault(runId, Set.of())) {
      send(runId, subscriber, name, data);
    }
  }

  private void send(UUID runId, Subscriber subscriber, String name, Object data) {
    try {
      subscriber.emitter().send(SseEmitter.event().name(name).data(data));
    } catch (IOException | IllegalStateException gone) {
      subscribers.getOrDefault(runId, Set.of()).remove(subscriber);
    }
  }

  private record Subscriber(SseEmitter emitter, boolean wallTimes) {}
}
