package dev.pedigree.api.webhook;

import dev.pedigree.api.pipeline.PipelineEnded;
import dev.pedigree.api.pipeline.PipelineGateWaiting;
import dev.pedigree.api.run.RunResponse;
import dev.pedigree.api.run.RunService;
import dev.pedigree.api.run.RunStatus;
import dev.pedigree.api.run.RunStatusChanged;
import dev.pedigree.api.sweep.SweepEnded;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * What the webhook hears: {@code run.ended} (a run SUCCEEDED, FAILED or was CANCELLED), {@code pipeline.gate.waiting}
 * (a pipeline waits for a person's decision; {@code timeoutAt} says when its gate decides itself, if it does),
 * {@code pipeline.ended} and {@code sweep.ended} (with its best trial). Each body is a JSON object with the
 * {@code event} type, the ids and names, and {@code path}, the dashboard page to open.
 */
@Component
class WebhookEvents {
  private final Webhooks webhooks;
  private final RunService runs;
  private final JsonMapper json;

  WebhookEvents(Webhooks webhooks, RunService runs, JsonMapper json) {
    this.webhooks = webhooks;
    this.runs = runs;
    this.json = json;
  }

  @EventListener
  void onRunStatusChanged(RunStatusChanged changed) {
    if (!webhooks.enabled()) {
      return;
    }
    RunResponse run = runs.get(changed.runId());
    if (RunStatus.valueOf(run.status()).terminal()) {
      Map<String, Object> event = event("run.ended", "/#/runs/" + run.id());
      event.put("run", run.id());
      event.put("name", run.name());
      event.put("project", run.project());
      event.put("kind", run.kind());
      event.put("status", run.status());
      event.put("error", run.error());
      send(event);
    }
  }

  @EventListener
  void onGateWaiting(PipelineGateWaiting waiting) {
    Map<String, Object> event = event("pipeline.gate.waiting", "/#/pipelines/" + waiting.pipelineId());
    event.put("pipeline", waiting.pipelineId());
    event.put("name", waiting.pipeline());
    event.put("project", waiting.project());
    event.put("stage", waiting.stage());
    event.put("question", waiting.question());
    if (waiting.timeoutAt() != null) {
      event.put("timeoutAt", waiting.timeoutAt());
    }
    send(event);
  }

  @EventListener
  void onPipelineEnded(PipelineEnded ended) {
    Map<String, Object> event = event("pipeline.ended", "/#/pipelines/" + ended.pipelineId());
    event.put("pipeline", ended.pipelineId());
    event.put("name", ended.pipeline());
    event.put("project", ended.project());
    event.put("status", ended.status());
    event.put("error", ended.error());
    send(event);
  }

  @EventListener
  void onSweepEnded(SweepEnded ended) {
    Map<String, Object> event = event("sweep.ended", "/#/sweeps/" + ended.sweepId());
    event.put("sweep", ended.sweepId());
    event.put("name", ended.sweep());
    event.put("project", ended.project());
    event.put("status", ended.status());
    event.put("error", ended.error());
    event.put("best", ended.best());
    send(event);
  }

  private static Map<String, Object> event(String type, String path) {
    Map<String, Object> event = new LinkedHashMap<>();
    event.put("event", type);
    event.put("path", path);
    return event;
  }

  private void send(Map<String, Object> event) {
    webhooks.send((String) event.get("event"), json.writeValueAsString(event));
  }
}
