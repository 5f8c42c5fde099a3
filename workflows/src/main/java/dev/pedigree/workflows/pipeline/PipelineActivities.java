package dev.pedigree.workflows.pipeline;

import dev.pedigree.workflows.run.RunInput;
import io.temporal.activity.ActivityInterface;
import java.time.Instant;
import java.util.UUID;

/** The platform's side of a pipeline: its status, and the runs of its stages. Idempotent, so retries are harmless. */
@ActivityInterface
public interface PipelineActivities {
  /**
   * Resolves the stage's references to upstream models, validates the spec and records the run (QUEUED, in the
   * pipeline); returns what the stage's run workflow needs.
   */
  RunInput createStageRun(StageRequest request);

  /**
   * Registers the upstream model a register stage names under the stage's registry name (and moves its alias there);
   * returns the model's artifact id. Doing it again changes nothing.
   *
   * @throws IllegalArgumentException when the registry refuses it (a name in another project, say)
   */
  String registerStageModel(StageRequest request);

  /** The id of the model artifact a succeeded run registered. */
  String modelOf(UUID runId);

  void markPipelineRunning(UUID pipelineId);

  /**
   * The pipeline reached the gate and waits for a decision.
   *
   * @param timeoutAt when the gate decides itself; null when it waits as long as it takes
   * @return the gate's timeout as first recorded in this try of the pipeline, so a workflow started again after a
   *     platform restart keeps the deadline already announced; null when it has none
   */
  Instant markGateWaiting(UUID pipelineId, String stage, Instant timeoutAt);

  /** Kept with every earlier decision at the gate. */
  void recordGateDecision(UUID pipelineId, GateDecision decision);

  /** @param status SUCCEEDED, FAILED or CANCELLED */
  void markPipelineEnded(UUID pipelineId, String status, String error);
}
