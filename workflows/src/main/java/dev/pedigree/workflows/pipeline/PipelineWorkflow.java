package dev.pedigree.workflows.pipeline;

import io.temporal.workflow.UpdateMethod;
import io.temporal.workflow.UpdateValidatorMethod;
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

  /** A person's answer at a gate. The caller learns at once whether it counted: only the first one for a gate does. */
  @UpdateMethod(name = "DecideGate")
  void decide(GateDecision decision);

  /**
   * Refuses a decision for a gate that does not wait for one (not reached, decided already, timed out, or no gate).
   */
  @UpdateValidatorMethod(updateName = "DecideGate")
  void checkDecision(GateDecision decision);
}
