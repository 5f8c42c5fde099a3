package dev.pedigree.workflows.pipeline;

import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/** Runs a pipeline's stages as child run workflows, each once its upstream stages have made their models. */
@WorkflowInterface
public interface PipelineWorkflow {
  /** The type name is pinned so workflows survive renames of this interface. */
  @WorkflowMethod(name = "Pipeline")
  PipelineResult run(PipelineInput input);
}
