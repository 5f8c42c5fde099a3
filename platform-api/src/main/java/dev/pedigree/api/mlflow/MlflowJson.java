package dev.pedigree.api.mlflow;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/** The MLflow REST API's JSON objects, with its snake_case field names. */
final class MlflowJson {
  private MlflowJson() {}

  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  record ExperimentJson(String experimentId, String name, String artifactLocation, String lifecycleStage,
      long creationTime, long lastUpdateTime, List<KeyValue> tags) {}

  record KeyValue(String key, String value) {
    static List<KeyValue> of(Map<String, String> values) {
      return values.entrySet().stream().map(entry -> new KeyValue(entry.getKey(), entry.getValue())).toList();
    }
  }

  record MetricJson(String key, double value, long timestamp, long step) {}

  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record RunInfoJson(String runId, String runUuid, String runName, String experimentId, String userId,
      String status, Long startTime, Long endTime, String artifactUri, String lifecycleStage) {}

  record RunDataJson(List<MetricJson> metrics, List<KeyValue> params, List<KeyValue> tags) {}

  record RunJson(RunInfoJson info, RunDataJson data) {}

  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record ExperimentsPage(List<ExperimentJson> experiments, String nextPageToken) {}

  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record RunsPage(List<RunJson> runs, String nextPageToken) {}

  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record MetricHistory(List<MetricJson> metrics, String nextPageToken) {}

  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record RegisteredModelJson(String name, long creationTimestamp, long lastUpdatedTimestamp, String userId,
      String description, List<ModelVersionJson> latestVersions, List<KeyValue> tags, List<AliasJson> aliases) {}

  /** An alias of a registered model and the version it names, a string as all MLflow version numbers are. */
  record AliasJson(String alias, String version) {}

  /** @param runId the run that produced the version's model; null when none did */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record ModelVersionJson(String name, String version, long creationTimestamp, long lastUpdatedTimestamp,
      String userId, String currentStage, String description, String source, String runId, String status,
      List<KeyValue> tags, String runLink, List<String> aliases) {}

  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record RegisteredModelsPage(List<RegisteredModelJson> registeredModels, String nextPageToken) {}

  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record ModelVersionsPage(List<ModelVersionJson> modelVersions, String nextPageToken) {}
}
