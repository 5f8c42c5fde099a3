package dev.pedigree.workflows.sweep;

import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/** Runs a sweep's trials as child run workflows, at most its parallelism at a time. Cancel it to stop every trial. */
@WorkflowInterface
public interface SweepWorkflow {
  /** The type name is pinned so workflows survive renames of this interface. */
  @WorkflowMethod(name = "Sweep")
  SweepResult run(SweepInput input);
}
