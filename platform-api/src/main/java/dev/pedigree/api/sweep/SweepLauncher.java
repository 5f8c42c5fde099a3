package dev.pedigree.api.sweep;

import dev.pedigree.api.temporal.WorkflowHandles;
import dev.pedigree.workflows.common.TaskQueues;
import dev.pedigree.workflows.common.WorkflowIds;
import dev.pedigree.workflows.sweep.SweepInput;
import dev.pedigree.workflows.sweep.SweepWorkflow;
import io.temporal.api.enums.v1.WorkflowIdConflictPolicy;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import java.util.UUID;
import org.springframework.stereotype.Component;

/** The API's door to Temporal for sweeps: one workflow per sweep. */
@Component
class SweepLauncher {
  private final WorkflowClient client;

  SweepLauncher(WorkflowClient client) {
    this.client = client;
  }

  void start(SweepInput input) {
    SweepWorkflow workflow =
        client.newWorkflowStub(
            SweepWorkflow.class,
            WorkflowOptions.newBuilder()
                .setWorkflowId(WorkflowIds.sweep(input.sweepId()))
                .setTaskQueue(TaskQueues.PLATFORM)
                .setWorkflowIdReusePolicy(WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_REJECT_DUPLICATE)
                .setWorkflowIdConflictPolicy(WorkflowIdConflictPolicy.WORKFLOW_ID_CONFLICT_POLICY_FAIL)
                .build());
    WorkflowClient.start(workflow::run, input);
  }

  boolean exists(UUID sweepId) {
    return WorkflowHandles.exists(client, WorkflowIds.sweep(sweepId));
  }

  /** @return false when Temporal has no workflow for the sweep */
  boolean cancel(UUID sweepId) {
    return WorkflowHandles.cancel(client, WorkflowIds.sweep(sweepId));
  }
}
