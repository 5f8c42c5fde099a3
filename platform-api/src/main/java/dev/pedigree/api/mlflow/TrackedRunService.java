package dev.pedigree.api.mlflow;

import dev.pedigree.api.common.problem.StorableText;
import dev.pedigree.api.metric.LoggedPoint;
import dev.pedigree.api.metric.MetricRules;
import dev.pedigree.api.metric.MetricService;
import dev.pedigree.api.mlflow.MlflowJson.KeyValue;
import dev.pedigree.api.mlflow.MlflowJson.MetricJson;
import dev.pedigree.api.mlflow.MlflowJson.RunDataJson;
import dev.pedigree.api.mlflow.MlflowJson.RunInfoJson;
import dev.pedigree.api.mlflow.MlflowJson.RunJson;
import dev.pedigree.api.run.RunStatus;
import dev.pedigree.api.run.RunStatusChanged;
import dev.pedigree.api.security.Caller;
import dev.pedigree.workflows.spec.RunKinds;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * MLflow runs as Pedigree runs of kind {@code tracked}: created RUNNING, ended by their client, params and tags in
 * their spec ({@code {"user": …, "params": {…}, "tags": {…}}}), metrics in the metric store as attempt 1.
 */
@Service
class TrackedRunService {
  static final String RUN_NAME_TAG = "mlflow.runName";
  private static final String USER_TAG = "mlflow.user";
  private static final int MAX_RESULTS = 50_000;
  private static final int MAX_HISTORY = 1_000_000;
  // MLflow's own limits on a log-batch request and on param and tag sizes.
  private static final int MAX_BATCH_METRICS = 1000;
  private static final int MAX_BATCH_PARAMS = 100;
  private static final int MAX_BATCH_TAGS = 100;
  private static final int MAX_KEY_LENGTH = 250;
  private static final int MAX_PARAM_VALUE_LENGTH = 6000;
  private static final int MAX_TAG_VALUE_LENGTH = 8000;

  private final TrackedRunRepository runs;
  private final ExperimentService experiments;
  private final MetricService metrics;
  private final ApplicationEventPublisher events;
  private final JsonMapper json;

  TrackedRunService(TrackedRunRepository runs, ExperimentService experiments, MetricService metrics,
      ApplicationEventPublisher events, JsonMapper json) {
    this.runs = runs;
    this.experiments = experiments;
    this.metrics = metrics;
    this.events = events;
    this.json = json;
  }

  RunJson create(MlflowRequest request, Caller caller) {
    String experimentId = request.string("experiment_id");
    Experiment experiment = experiments.require(experimentId == null ? Experiment.DEFAULT_ID : experimentId);
    caller.requireMayActIn(experiment.project());
    Map<String, String> tags = checkedTags(request.keyValues("tags"));
    UUID id = UUID.randomUUID();
    String name = request.string("run_name");
    if (name == null || name.isEmpty()) {
      name = tags.getOrDefault(RUN_NAME_TAG, "tracked-" + RunIds.format(id).substring(0, 8));
    }
    tags.put(RUN_NAME_TAG, checkedName(name));
    String user = request.string("user_id");
    ObjectNode spec = json.createObjectNode();
    spec.put("user", checkedText("user_id", tags.getOrDefault(USER_TAG, user == null || user.isEmpty() ? caller.name()
        : user), MAX_TAG_VALUE_LENGTH));
    spec.putObject("params");
    spec.set("tags", json.valueToTree(tags));
    runs.insert(id, experiment.projectId(), name, spec.toString(), instant(request, "start_time"));
    events.publishEvent(new RunStatusChanged(id));
    return get(RunIds.format(id));
  }

  RunJson get(String runId) {
    TrackedRun run = require(runId);
    return json(run, metrics.latest(List.of(run.id())).getOrDefault(run.id(), List.of()));
  }

  /** MLflow's statuses: RUNNING, SCHEDULED (QUEUED), FINISHED (SUCCEEDED), FAILED and KILLED (CANCELLED). */
  RunInfoJson update(MlflowRequest request, Caller caller) {
    TrackedRun run = requireWritable(request.runId(), caller);
    String name = request.string("run_name");
    if (name != null && !name.isEmpty()) {
      rename(run, name);
    }
    String status = request.string("status");
    if (status != null) {
      runs.updateStatus(run.id(), pedigreeStatus(status), instant(request, "end_time"));
    }
    events.publishEvent(new RunStatusChanged(run.id()));
    return get(RunIds.format(run.id())).info();
  }

  /**
   * A param is set once: logging it again with its value changes nothing, with another value is an error, as in
   * MLflow. Every check that the stored run can fail runs before the first write, so a refused batch leaves the run
   * as it was (short of a concurrent writer of the same run).
   */
  void logBatch(MlflowRequest request, Caller caller) {
    TrackedRun run = requireWritable(request.runId(), caller);
    List<MlflowRequest> metricRequests = request.objects("metrics");
    Map<String, String> params = request.keyValues("params");
    Map<String, String> tags = checkedTags(request.keyValues("tags"));
    if (metricRequests.size() > MAX_BATCH_METRICS || params.size() > MAX_BATCH_PARAMS
        || tags.size() > MAX_BATCH_TAGS) {
      throw MlflowException.invalid("A batch may hold at most " + MAX_BATCH_METRICS + " metrics, "
          + MAX_BATCH_PARAMS + " params and " + MAX_BATCH_TAGS + " tags.");
    }
    List<LoggedPoint> points = new ArrayList<>();
    for (MlflowRequest metric : metricRequests) {
      points.add(point(metric));
    }
    params.forEach(TrackedRunService::checkParam);
    merged(run, run.specJson(), params, tags); // a changed param fails here, before the batch writes anything
    if (!points.isEmpty()) {
      metrics.record(run.id(), points);
      runs.advanceProgress(run.id(), points.stream().mapToLong(LoggedPoint::step).max().orElseThrow());
    }
    if (!params.isEmpty() || !tags.isEmpty()) {
      runs.changeSpec(run.id(), spec -> merged(run, spec, params, tags));
      if (tags.containsKey(RUN_NAME_TAG)) {
        runs.rename(run.id(), checkedName(tags.get(RUN_NAME_TAG)));
      }
      events.publishEvent(new RunStatusChanged(run.id()));
    }
  }

  MlflowJson.MetricHistory history(String runId, String key, MlflowRequest paging) {
    TrackedRun run = require(runId);
    checkedMetricKey(key);
    int limit = Page.maxResults(paging, MAX_HISTORY, MAX_HISTORY);
    long offset = Page.offset(paging.string("page_token"));
    Page<LoggedPoint> page = Page.of(metrics.history(run.id(), key, limit + 1, offset), limit, offset);
    return new MlflowJson.MetricHistory(page.items().stream().map(TrackedRunService::metricJson).toList(),
        page.nextPageToken());
  }

  /** Runs of every kind in the experiments; no filter is supported, and saying one is an error. */
  MlflowJson.RunsPage search(MlflowRequest request, Caller caller) {
    String filter = request.string("filter");
    if (filter != null && !filter.isBlank()) {
      throw MlflowException.invalid("runs/search filters are not supported by Pedigree (got '" + filter
          + "'): search by experiment_ids, order_by and page_token only.");
    }
    List<Long> projects = new ArrayList<>();
    for (String experimentId : request.strings("experiment_ids")) {
      Experiment experiment = experiments.require(experimentId);
      caller.requireMayActIn(experiment.project());
      projects.add(experiment.projectId());
    }
    String orderBy = RunOrder.sql(request.strings("order_by"));
    int limit = Page.maxResults(request, 1000, MAX_RESULTS);
    long offset = Page.offset(request.string("page_token"));
    // Pedigree deletes no runs: every run is active.
    boolean deletedOnly = "DELETED_ONLY".equals(request.string("run_view_type"));
    Page<TrackedRun> page = Page.of(deletedOnly ? List.of() : runs.search(projects, orderBy, limit + 1, offset),
        limit, offset);
    Map<UUID, List<LoggedPoint>> latest = metrics.latest(page.items().stream().map(TrackedRun::id).toList());
    return new MlflowJson.RunsPage(
        page.items().stream().map(run -> json(run, latest.getOrDefault(run.id(), List.of()))).toList(),
        page.nextPageToken());
  }

  private String merged(TrackedRun run, String specJson, Map<String, String> params, Map<String, String> tags) {
    ObjectNode spec = (ObjectNode) json.readTree(specJson);
    ObjectNode storedParams = spec.withObjectProperty("params");
    params.forEach((key, value) -> {
      JsonNode before = storedParams.get(key);
      if (before != null && !before.asString().equals(value)) {
        throw MlflowException.invalid("Changing param values is not allowed. Param with key='" + key
            + "' was already logged with value='" + before.asString() + "' for run ID='" + RunIds.format(run.id())
            + "'. Attempted logging new value '" + value + "'.");
      }
      storedParams.put(key, value);
    });
    ObjectNode storedTags = spec.withObjectProperty("tags");
    tags.forEach(storedTags::put);
    return spec.toString();
  }

  private void rename(TrackedRun run, String name) {
    String checked = checkedName(name);
    runs.changeSpec(run.id(), spec -> {
      ObjectNode node = (ObjectNode) json.readTree(spec);
      node.withObjectProperty("tags").put(RUN_NAME_TAG, checked);
      return node.toString();
    });
    runs.rename(run.id(), checked);
  }

  private TrackedRun require(String runId) {
    UUID id = RunIds.parse(runId);
    return runs.find(id).orElseThrow(() -> MlflowException.notFound("Run with id=" + runId + " not found"));
  }

  /** Only tracked runs take MLflow writes, and only from callers that may act in their project. */
  private TrackedRun requireWritable(String runId, Caller caller) {
    TrackedRun run = require(runId);
    caller.requireMayActIn(run.experiment().project());
    if (!run.kind().equals(RunKinds.TRACKED)) {
      throw new MlflowException(HttpStatus.BAD_REQUEST, "INVALID_STATE", "Run " + runId
          + " is a '" + run.kind() + "' run that Pedigree trains; only tracked runs take MLflow writes.");
    }
    return run;
  }

  private LoggedPoint point(MlflowRequest metric) {
    String key = checkedMetricKey(metric.requiredString("key"));
    long step = metric.int64("step", 0);
    if (step < 0 || step > MetricRules.MAX_STEP) {
      throw MlflowException.invalid("Invalid step " + step + " for metric '" + key + "': Pedigree stores steps from"
          + " 0 to " + MetricRules.MAX_STEP + ".");
    }
    return new LoggedPoint(key, step, metric.requiredDouble("value"), millis(metric, "timestamp"));
  }

  private static String checkedMetricKey(String key) {
    if (!MetricRules.validKey(key)) {
      throw MlflowException.invalid("Invalid metric key '" + key + "': it " + MetricRules.KEY_RULE + ".");
    }
    return key;
  }

  private static void checkParam(String key, String value) {
    checkKey("param", key);
    checkedText("param '" + key + "'", value, MAX_PARAM_VALUE_LENGTH);
  }

  private static Map<String, String> checkedTags(Map<String, String> tags) {
    tags.forEach((key, value) -> {
      checkKey("tag", key);
      checkedText("tag '" + key + "'", value, MAX_TAG_VALUE_LENGTH);
    });
    return new LinkedHashMap<>(tags);
  }

  private static void checkKey(String what, String key) {
    if (!StorableText.isLabel(key, MAX_KEY_LENGTH)) {
      throw MlflowException.invalid("Invalid " + what + " key '" + key + "': it must be 1 to " + MAX_KEY_LENGTH
          + " characters without control characters.");
    }
  }

  /**
   * A value stored in the run's spec as sent: Postgres keeps no NUL in JSON, and an unpaired surrogate has no UTF-8
   * form (it would be stored as '?').
   */
  private static String checkedText(String what, String value, int maxLength) {
    if (value.length() > maxLength || value.indexOf('\0') >= 0 || !StorableText.isWellFormed(value)) {
      throw MlflowException.invalid("Invalid value for " + what + ": it must be at most " + maxLength
          + " characters without NUL or unpaired UTF-16 surrogates.");
    }
    return value;
  }

  /** A run name is a Pedigree run name: 1 to 200 characters without control characters. */
  private static String checkedName(String name) {
    if (!StorableText.isLabel(name, 200)) {
      throw MlflowException.invalid("Invalid run name '" + name + "': it must be 1 to 200 characters without"
          + " control characters.");
    }
    return name;
  }

  private static RunStatus pedigreeStatus(String status) {
    return switch (status) {
      case "RUNNING" -> RunStatus.RUNNING;
      case "SCHEDULED" -> RunStatus.QUEUED;
      case "FINISHED" -> RunStatus.SUCCEEDED;
      case "FAILED" -> RunStatus.FAILED;
      case "KILLED" -> RunStatus.CANCELLED;
      default -> throw MlflowException.invalid("Invalid value '" + status + "' for parameter 'status' supplied:"
          + " it must be RUNNING, SCHEDULED, FINISHED, FAILED or KILLED.");
    };
  }

  private static String mlflowStatus(RunStatus status) {
    return switch (status) {
      case QUEUED -> "SCHEDULED";
      case RUNNING -> "RUNNING";
      case SUCCEEDED -> "FINISHED";
      case FAILED -> "FAILED";
      case CANCELLED -> "KILLED";
    };
  }

  /** An epoch-millis field, now when absent. */
  private static Instant instant(MlflowRequest request, String field) {
    return Instant.ofEpochMilli(millis(request, field));
  }

  private static long millis(MlflowRequest request, String field) {
    long millis = request.int64(field, System.currentTimeMillis());
    if (millis < 0 || millis > MetricRules.MAX_WALL_MILLIS) {
      throw MlflowException.invalid("Invalid value " + millis + " for parameter '" + field + "' supplied: it must"
          + " be a time in epoch milliseconds.");
    }
    return millis;
  }

  private RunJson json(TrackedRun run, List<LoggedPoint> latest) {
    JsonNode spec = json.readTree(run.specJson());
    boolean tracked = run.kind().equals(RunKinds.TRACKED);
    String runId = RunIds.format(run.id());
    Instant started = run.startedAt() != null ? run.startedAt() : run.createdAt();
    RunInfoJson info = new RunInfoJson(runId, runId, run.name(), run.experiment().experimentId(),
        tracked ? spec.path("user").asString("") : "", mlflowStatus(run.status()), started.toEpochMilli(),
        run.finishedAt() == null ? null : run.finishedAt().toEpochMilli(), ExperimentService.NO_ARTIFACTS + runId,
        "active");
    List<KeyValue> params = tracked ? keyValues(spec.path("params")) : List.of();
    List<KeyValue> tags = tracked ? keyValues(spec.path("tags"))
        : List.of(new KeyValue(RUN_NAME_TAG, run.name()), new KeyValue("pedigree.kind", run.kind()));
    return new RunJson(info, new RunDataJson(latest.stream().map(TrackedRunService::metricJson).toList(), params,
        tags));
  }

  private static List<KeyValue> keyValues(JsonNode object) {
    List<KeyValue> values = new ArrayList<>();
    object.properties().forEach(entry -> values.add(new KeyValue(entry.getKey(), entry.getValue().asString())));
    return values;
  }

  private static MetricJson metricJson(LoggedPoint point) {
    return new MetricJson(point.key(), point.value(), point.wallMillis(), point.step());
  }
}
