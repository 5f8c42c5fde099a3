package dev.pedigree.workflows.pipeline;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * @param stages in the order the pipeline spec lists them
 * @param reused the model artifact ids of stages that succeeded in an earlier try of this pipeline, by stage name;
 *     these stages are not run again
 * @param approvedGates gates approved in an earlier try of this pipeline; they do not ask again
 */
public record PipelineInput(
    UUID pipelineId, List<StagePlan> stages, Map<String, String> reused, Set<String> approvedGates) {
  public PipelineInput {
    stages = List.copyOf(stages);
    reused = reused == null ? Map.of() : Map.copyOf(reused);
    approvedGates = approvedGates == null ? Set.of() : Set.copyOf(approvedGates);
  }
}
