package dev.pedigree.api.pipeline;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.pedigree.api.usage.Usage;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import tools.jackson.databind.JsonNode;

/**
 * Pipeline JSON: its status, how many of its stages succeeded, and each stage's status, runs (oldest first) and
 * model, and the usage of all its runs together (absent before one started); {@code waitingGates} are the gates
 * waiting for a decision now (absent when none). Lists leave out stages, spec and usage.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record PipelineResponse(
    UUID id,
    String name,
    String project,
    String status,
    String error,
    JsonNode spec,
    List<Stage> stages,
    Instant createdAt,
    Instant startedAt,
    Instant finishedAt,
    int stagesSucceeded,
    int stagesTotal,
    Usage usage,
    List<String> waitingGates) {

  /**
   * @param kind the run's kind, {@code gate} or {@code register}
   * @param status the status of the stage's latest run; a gate's WAITING, APPROVED or REJECTED; SUCCEEDED once a
   *     register stage registered its model; PENDING before any of these
   * @param runId the latest run
   * @param model the model artifact of the run that succeeded, if one did
   * @param gate a gate's question and decision; null for other stages
   * @param registered what a register stage put into the model registry; null for other stages and before it ran
   */
  record Stage(String name, String kind, List<String> dependsOn, String status, UUID runId, List<UUID> runs,
      UUID model, GateView gate, Registration registered) {}

  /**
   * The gate's question and its current decision; {@code decisions} keeps every decision at it, those of earlier
   * tries included, oldest first.
   *
   * @param decidedBy the name of the token that approved or rejected it, or {@code timeout}
   * @param timeout how long it waits before it decides itself, as an ISO-8601 duration in hours ({@code P2D} is
   *     {@code PT48H}); absent when it waits as long as it takes
   * @param onTimeout {@code approve} or {@code reject}: what it decides then
   * @param timeoutAt when it decides itself, since it was last reached
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record GateView(String question, Instant reachedAt, Instant decidedAt, String decidedBy, String comment,
      String timeout, String onTimeout, Instant timeoutAt, List<PastDecision> decisions) {}
}
