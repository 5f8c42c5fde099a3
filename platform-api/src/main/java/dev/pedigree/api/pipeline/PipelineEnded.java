package dev.pedigree.api.pipeline;

import java.util.UUID;

/** Published once when a pipeline ends. */
public record PipelineEnded(UUID pipelineId, String pipeline, String project, String status, String error) {}
