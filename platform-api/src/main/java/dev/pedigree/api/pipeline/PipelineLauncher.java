package dev.pedigree.api.pipeline;

import dev.pedigree.api.temporal.WorkflowHandles;
import dev.pedigree.workflows.common.TaskQueues;
import dev.pedigree.workflows.common.WorkflowIds;
import dev.pedigree.workflows.pipeline.GateDecision;
import dev.pedigree.workflows.pipeline.PipelineInput;
import dev.pedigree.workflows.pipeline.PipelineResult;
import dev.pedigree.workflows.pipeline.PipelineWorkflow;
import io.temporal.api.enums.v1.WorkflowIdConflictPolicy;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowException;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowUpdateException;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.springframework.stereotype.Component;

/** The API's door to Temporal for pipelines: one workflow id per pipeline, started again by a retry. */
@Component
class PipelineLauncher {
  private static final Duration PREVIOUS_RUN_CLOSE = Duration.ofSeconds(30);

  private final WorkflowClient client;

  PipelineLauncher(WorkflowClient client) {
    this.client = client;
  }

  /**
   * Starts the pipeline's workflow. A pipeline is marked ended by its workflow's last step, moments before that run
   * closes, so a retry can arrive while the previous run is still open: then it waits for that run to close first.
   */
  void start(PipelineInput input) {
    try {
      startRun(input);
    } catch (WorkflowExecutionAlreadyStarted previousRunOpen) {
      awaitClose(WorkflowIds.pipeline(input.pipelineId()));
      startRun(input);
    }
  }

  private void awaitClose(String workflowId) {
    try {
      client.newUntypedWorkflowStub(workflowId).getResult(PREVIOUS_RUN_CLOSE.toSeconds(), TimeUnit.SECONDS,
          PipelineResult.class);
    } catch (WorkflowException ended) {
      // It failed or was cancelled: closed either way.
    } catch (TimeoutException stillOpen) {
      throw new IllegalStateException("the previous run of " + workflowId + " is still open", stillOpen);
    }
  }

  private void startRun(PipelineInput input) {
    PipelineWorkflow workflow =
        client.newWorkflowStub(
            PipelineWorkflow.class,
            WorkflowOptions.newBuilder()
                .setWorkflowId(WorkflowIds.pipeline(input.pipelineId()))
                .setTaskQueue(TaskQueues.PLATFORM)
                .setWorkflowIdReusePolicy(WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE)
                .setWorkflowIdConflictPolicy(WorkflowIdConflictPolicy.WORKFLOW_ID_CONFLICT_POLICY_FAIL)
                .build());
    WorkflowClient.start(workflow::run, input);
  }

  boolean exists(UUID pipelineId) {
    return WorkflowHandles.exists(client, WorkflowIds.pipeline(pipelineId));
  }

  /** What became of a decision sent to a pipeline's workflow. */
  enum Decided { COUNTED, REFUSED, NO_WORKFLOW }

  Decided decide(UUID pipelineId, GateDecision decision) {
    try {
      client.newWorkflowStub(PipelineWorkflow.class, WorkflowIds.pipeline(pipelineId)).decide(decision);
      return Decided.COUNTED;
    } catch (WorkflowUpdateException refused) {
      return Decided.REFUSED;
    } catch (WorkflowNotFoundException notFound) {
      return Decided.NO_WORKFLOW;
    }
  }

  /** @return false when Temporal has no workflow for the pipeline */
  boolean cancel(UUID pipelineId) {
    return WorkflowHandles.cancel(client, WorkflowIds.pipeline(pipelineId));
  }
}
