package dev.pedigree.api.pipeline;

import java.util.UUID;

/** Published when a pipeline reaches a gate: somebody has to decide. */
public record PipelineGateWaiting(UUID pipelineId, String pipeline, String project, String stage, String question) {}
