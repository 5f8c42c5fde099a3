package dev.pedigree.workflows.common;

import java.util.UUID;

/** Workflow ids are derived from database ids, so a retried submit cannot start a second workflow. */
public final class WorkflowIds {
  private WorkflowIds() {}

  public static String run(UUID runId) {
    return "run-" + runId;
  }

  public static String pipeline(UUID pipelineId) {
    return "pipeline-" + pipelineId;
  }

  public static String sweep(UUID sweepId) {
    return "sweep-" + sweepId;
  }
}
