package dev.pedigree.api.run;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.pedigree.api.artifact.Artifact;
import dev.pedigree.api.metric.MetricKeysResponse.MetricKeySummary;
import dev.pedigree.api.usage.Usage;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import tools.jackson.databind.JsonNode;

/**
 * Run JSON of the public contract. Lists leave out attempts, inputs and outputs (null, not sent); a single run has
 * them all. {@code usage} is absent until an attempt started, and for tracked runs, which Pedigree never ran.
 * {@code sweep} is sent only for a sweep's trial.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RunResponse(
    UUID id,
    String name,
    String project,
    String kind,
    String status,
    JsonNode spec,
    Progress progress,
    List<Attempt> attempts,
    Instant createdAt,
    Instant startedAt,
    Instant finishedAt,
    String error,
    List<Artifact> inputs,
    List<Artifact> outputs,
    Map<String, MetricKeySummary> summary,
    Usage usage,
    SweepTrial sweep) {

  public record Progress(long step, long totalSteps) {}
}
