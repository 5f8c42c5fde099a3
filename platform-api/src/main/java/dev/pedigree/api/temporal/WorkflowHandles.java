package dev.pedigree.api.temporal;

import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowNotFoundException;

/**
 * Looks up or cancels a workflow by id. A workflow Temporal does not know (it ended long ago, or the embedded server
 * restarted) is an answer, not an error.
 */
public final class WorkflowHandles {
  private WorkflowHandles() {}

  public static boolean exists(WorkflowClient client, String workflowId) {
    try {
      client.newUntypedWorkflowStub(workflowId).describe();
      return true;
    } catch (WorkflowNotFoundException notFound) {
      return false;
    }
  }

  /** @return false when Temporal has no workflow with the id */
  public static boolean cancel(WorkflowClient client, String workflowId) {
    try {
      client.newUntypedWorkflowStub(workflowId).cancel();
      return true;
    } catch (WorkflowNotFoundException notFound) {
      return false;
    }
  }
}
