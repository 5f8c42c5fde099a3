package dev.pedigree.api.run;

import dev.pedigree.api.config.PedigreeProperties;
import dev.pedigree.api.temporal.WorkflowHandles;
import dev.pedigree.workflows.common.TaskQueues;
import dev.pedigree.workflows.common.WorkflowIds;
import dev.pedigree.workflows.run.InputModel;
import dev.pedigree.workflows.run.RunInput;
import dev.pedigree.workflows.run.RunWorkflow;
import io.temporal.api.enums.v1.WorkflowIdConflictPolicy;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowOptions;
import java.util.List;
import java.util.UUID;
import org.springframework.stereotype.Component;

/** The API's only door to Temporal for runs: start (at most once per run id) and cancel. */
@Component
class RunLauncher {
  private final WorkflowClient client;
  private final PedigreeProperties.Runs settings;

  RunLauncher(WorkflowClient client, PedigreeProperties properties) {
    this.client = client;
    this.settings = properties.runs();
  }

  /** @return false when a workflow for this run already exists (a repeated start is harmless) */
  boolean start(RunInput input) {
    RunWorkflow workflow =
        client.newWorkflowStub(
            RunWorkflow.class,
            WorkflowOptions.newBuilder()
                .setWorkflowId(WorkflowIds.run(input.runId()))
                .setTaskQueue(TaskQueues.PLATFORM)
                .setWorkflowIdReusePolicy(WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_REJECT_DUPLICATE)
                .setWorkflowIdConflictPolicy(WorkflowIdConflictPolicy.WORKFLOW_ID_CONFLICT_POLICY_FAIL)
                .build());
    try {
      WorkflowClient.start(workflow::run, input);
      return true;
    } catch (WorkflowExecutionAlreadyStarted alreadyStarted) {
      return false;
    }
  }

  /** What the run's workflow needs, with this platform's queue, heartbeat and retry settings. */
  RunInput input(UUID runId, String kind, String specJson, String device, int attemptOffset, List<InputModel> inputs) {
    return new RunInput(runId, kind, specJson, TaskQueues.forDevice(device), settings.heartbeatTimeout(),
        settings.maxAttempts(), attemptOffset, inputs);
  }

  /** @return false when Temporal has no workflow for the run (it ended long ago, or the embedded server restarted) */
  boolean cancel(UUID runId) {
    return WorkflowHandles.cancel(client, WorkflowIds.run(runId));
  }

  boolean exists(UUID runId) {
    return WorkflowHandles.exists(client, WorkflowIds.run(runId));
  }
}
