package dev.pedigree.api.run;

import java.util.UUID;

/** The pipeline and stage a run belongs to. */
public record PipelineStage(UUID pipelineId, String name) {}
