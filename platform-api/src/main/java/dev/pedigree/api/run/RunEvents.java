package dev.pedigree.api.run;

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

/** Server-sent events per run: {@code status} (run JSON) on every change, {@code metrics} with new points. */
@Component
public class RunEvents {
  private static final Duration STREAM_LIFETIME = Duration.ofMinutes(30);

  private final Map<UUID, Set<SseEmitter>> subscribers = new ConcurrentHashMap<>();
  private final RunService runs;

  RunEvents(RunService runs) {
    this.runs = runs;
  }

  SseEmitter subscribe(RunResponse current) {
    SseEmitter emitter = new SseEmitter(STREAM_LIFETIME.toMillis());
    Set<SseEmitter> forRun = subscribers.computeIfAbsent(current.id(), id -> ConcurrentHashMap.newKeySet());
    forRun.add(emitter);
    Runnable remove = () -> forRun.remove(emitter);
    emitter.onCompletion(remove);
    emitter.onTimeout(remove);
    emitter.onError(error -> remove.run());
    send(current.id(), emitter, "status", current);
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
      publish(ingested.runId(), "metrics", new MetricsResponse(ingested.series()));
    }
  }

  /** Sends an event to everyone watching the run. */
  public void publish(UUID runId, String name, Object data) {
    for (SseEmitter emitter : subscribers.getOrDefault(runId, Set.of())) {
      send(runId, emitter, name, data);
    }
  }

  private void send(UUID runId, SseEmitter emitter, String name, Object data) {
    try {
      emitter.send(SseEmitter.event().name(name).data(data));
    } catch (IOException | IllegalStateException gone) {
      subscribers.getOrDefault(runId, Set.of()).remove(emitter);
    }
  }
}
