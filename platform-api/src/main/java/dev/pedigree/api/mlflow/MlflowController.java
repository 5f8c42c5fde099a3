package dev.pedigree.api.mlflow;

import dev.pedigree.api.mlflow.MlflowJson.ExperimentsPage;
import dev.pedigree.api.mlflow.MlflowJson.MetricHistory;
import dev.pedigree.api.mlflow.MlflowJson.RunsPage;
import dev.pedigree.api.security.Caller;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The part of the MLflow tracking REST API (2.0) that MLflow clients and the Hugging Face Trainer's MLflowCallback
 * use, so that any job can log to Pedigree with {@code MLFLOW_TRACKING_URI}. Writes take user or admin tokens as
 * {@code MLFLOW_TRACKING_TOKEN}; reads are open, as under {@code /api/v1}.
 */
@RestController
@RequestMapping("/api/2.0/mlflow")
class MlflowController {
  private final ExperimentService experiments;
  private final TrackedRunService runs;

  MlflowController(ExperimentService experiments, TrackedRunService runs) {
    this.experiments = experiments;
    this.runs = runs;
  }

  @PostMapping("/experiments/create")
  Map<String, String> createExperiment(@RequestBody String body, @RequestAttribute(Caller.ATTRIBUTE) Caller caller) {
    return Map.of("experiment_id", experiments.create(MlflowRequest.parse(body), caller).experimentId());
  }

  @GetMapping("/experiments/get")
  Map<String, Object> experiment(@RequestParam("experiment_id") String experimentId) {
    return Map.of("experiment", ExperimentService.json(experiments.require(experimentId)));
  }

  @GetMapping("/experiments/get-by-name")
  Map<String, Object> experimentByName(@RequestParam("experiment_name") String name) {
    return Map.of("experiment", ExperimentService.json(experiments.requireByName(name)));
  }

  @PostMapping("/experiments/search")
  ExperimentsPage searchExperiments(@RequestBody String body, @RequestAttribute(Caller.ATTRIBUTE) Caller caller) {
    Page<Experiment> page = experiments.search(MlflowRequest.parse(body), caller);
    return new ExperimentsPage(page.items().stream().map(ExperimentService::json).toList(), page.nextPageToken());
  }

  @PostMapping("/runs/create")
  Map<String, Object> createRun(@RequestBody String body, @RequestAttribute(Caller.ATTRIBUTE) Caller caller) {
    return Map.of("run", runs.create(MlflowRequest.parse(body), caller));
  }

  @GetMapping("/runs/get")
  Map<String, Object> run(@RequestParam(name = "run_id", required = false) String runId,
      @RequestParam(name = "run_uuid", required = false) String runUuid) {
    return Map.of("run", runs.get(queryRunId(runId, runUuid).runId()));
  }

  @PostMapping("/runs/update")
  Map<String, Object> updateRun(@RequestBody String body, @RequestAttribute(Caller.ATTRIBUTE) Caller caller) {
    return Map.of("run_info", runs.update(MlflowRequest.parse(body), caller));
  }

  @PostMapping("/runs/log-batch")
  Map<String, Object> logBatch(@RequestBody String body, @RequestAttribute(Caller.ATTRIBUTE) Caller caller) {
    runs.logBatch(MlflowRequest.parse(body), caller);
    return Map.of();
  }

  @PostMapping("/runs/log-metric")
  Map<String, Object> logMetric(@RequestBody String body, @RequestAttribute(Caller.ATTRIBUTE) Caller caller) {
    return logOne(body, "metrics", caller);
  }

  @PostMapping("/runs/log-parameter")
  Map<String, Object> logParameter(@RequestBody String body, @RequestAttribute(Caller.ATTRIBUTE) Caller caller) {
    return logOne(body, "params", caller);
  }

  @PostMapping("/runs/set-tag")
  Map<String, Object> setTag(@RequestBody String body, @RequestAttribute(Caller.ATTRIBUTE) Caller caller) {
    return logOne(body, "tags", caller);
  }

  @GetMapping("/metrics/get-history")
  MetricHistory metricHistory(@RequestParam(name = "run_id", required = false) String runId,
      @RequestParam(name = "run_uuid", required = false) String runUuid,
      @RequestParam("metric_key") String key,
      @RequestParam(name = "max_results", required = false) String maxResults,
      @RequestParam(name = "page_token", required = false) String pageToken) {
    ObjectNode paging = JsonNodeFactory.instance.objectNode();
    paging.put("max_results", maxResults);
    paging.put("page_token", pageToken);
    return runs.history(queryRunId(runId, runUuid).runId(), key, MlflowRequest.of(paging));
  }

  @PostMapping("/runs/search")
  RunsPage searchRuns(@RequestBody String body, @RequestAttribute(Caller.ATTRIBUTE) Caller caller) {
    return runs.search(MlflowRequest.parse(body), caller);
  }

  /** A log-metric, log-parameter or set-tag request, logged as the one item of a batch. */
  private Map<String, Object> logOne(String body, String field, Caller caller) {
    runs.logBatch(MlflowRequest.parse(body).asBatchOf(field), caller);
    return Map.of();
  }

  /** GET requests name their run in the query, as {@code run_id} or the deprecated {@code run_uuid}. */
  private static MlflowRequest queryRunId(String runId, String runUuid) {
    ObjectNode query = JsonNodeFactory.instance.objectNode();
    query.put("run_id", runId);
    query.put("run_uuid", runUuid);
    return MlflowRequest.of(query);
  }
}
