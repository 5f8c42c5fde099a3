package dev.pedigree.workflows.pipeline;

import java.util.Map;

/** How a try of the pipeline ended, with the model artifact id of every stage that succeeded. */
public record PipelineResult(String status, Map<String, String> models) {}
