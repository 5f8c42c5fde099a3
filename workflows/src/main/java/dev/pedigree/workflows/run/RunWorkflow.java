package dev.pedigree.workflows.run;

import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/** One execution per run: the run's state machine. Cancel it with Temporal workflow cancellation. */
@WorkflowInterface
public interface RunWorkflow {
  @WorkflowMethod(name = "Run")
  RunResult run(RunInput input);
}
