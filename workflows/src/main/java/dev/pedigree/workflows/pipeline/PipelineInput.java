package dev.pedigree.workflows.pipeline;

import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * @param stages in the order the pipeline spec lists them
 * @param reused the model artifact ids of stages that succeeded in an earlier try of this pipeline, by stage name;
 *     these stages are not run again
 */
public record PipelineInput(UUID pipelineId, List<StagePlan> stages, Map<String, String> reused) {
  public PipelineInput {
    stages = List.copyOf(stages);
    reused = reused == null ? Map.of() : Map.copyOf(reused);
  }
}
