package dev.pedigree.workflows.pipeline;

import java.util.Map;
import java.util.UUID;

/**
 * Asks the platform to record a stage's run, or to register a stage's model.
 *
 * @param runId chosen by the workflow, so a retried request records the same run once; null for a registration
 * @param upstreamModels model artifact ids of the finished stages, by stage name, for the template's references
 */
public record StageRequest(
    UUID pipelineId, String stage, UUID runId, String kind, String specTemplate, Map<String, String> upstreamModels) {}
