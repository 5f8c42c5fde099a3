package dev.pedigree.api.pipeline;

import java.time.Instant;
import java.util.UUID;

/**
 * Published when a pipeline reaches a gate: somebody has to decide.
 *
 * @param timeoutAt when the gate decides itself; null when it waits as long as it takes
 */
public record PipelineGateWaiting(UUID pipelineId, String pipeline, String project, String stage, String question,
    Instant timeoutAt) {}
