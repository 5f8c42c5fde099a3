package dev.pedigree.workflows.pipeline;

import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * Runs a pipeline's stages as child run workflows, each once its upstream stages have made their models, and waits at
 * its gates for a person's decision.
 */
@WorkflowInterface
public interface PipelineWorkflow {
  /** The type name is pinned so workflows survive renames of this interface. */
  @WorkflowMethod(name = "Pipeline")
  PipelineResult run(PipelineInput input);

  /** A person's answer at a gate; ignored unless that gate is waiting for one. */
  @SignalMethod(name = "DecideGate")
  void decide(GateDecision decision);
}
