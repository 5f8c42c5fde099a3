package dev.pedigree.api.temporal;

import dev.pedigree.api.config.PedigreeProperties;
import dev.pedigree.api.pipeline.PipelineActivitiesImpl;
import dev.pedigree.api.pipeline.PipelineService;
import dev.pedigree.api.run.RunLedgerActivitiesImpl;
import dev.pedigree.api.run.RunService;
import dev.pedigree.api.security.PlatformTokens;
import dev.pedigree.api.sweep.SweepActivitiesImpl;
import dev.pedigree.api.sweep.SweepService;
import dev.pedigree.workers.activity.ComputeWorker;
import dev.pedigree.workers.store.ArtifactStore;
import dev.pedigree.workflows.common.TaskQueues;
import dev.pedigree.workflows.pipeline.PipelineWorkflowImpl;
import dev.pedigree.workflows.run.RunWorkflowImpl;
import dev.pedigree.workflows.sweep.SweepWorkflowImpl;
import io.temporal.client.WorkflowClient;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import io.temporal.worker.WorkerOptions;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Starts, once the API serves, the orchestration worker (run workflows and ledger activities) and — in embedded mode —
 * an in-process compute worker; then restarts runs that a previous process left unfinished.
 */
@Component
class PlatformWorkers implements SmartLifecycle {
  private static final Logger log = LoggerFactory.getLogger(PlatformWorkers.class);

  /**
   * No sticky queue (a zero timeout makes the SDK ask for none): every workflow task goes to the shared queue with the
   * full history, so a platform process that dies strands nothing. A Temporal cluster would move a task off a dead
   * worker's sticky queue after this timeout, but Temporal's Java test server never does, and our histories are a few
   * dozen events, cheap to replay.
   */
  private static final WorkerOptions ORCHESTRATION =
      WorkerOptions.newBuilder().setStickyQueueScheduleToStartTimeout(Duration.ZERO).build();

  private final WorkflowClient client;
  private final RunLedgerActivitiesImpl ledger;
  private final PipelineActivitiesImpl pipelineLedger;
  private final SweepActivitiesImpl sweepLedger;
  private final RunService runs;
  private final PipelineService pipelines;
  private final SweepService sweeps;
  private final PlatformTokens tokens;
  private final PedigreeProperties properties;
  private final Environment environment;
  private final ArtifactStore store;
  private final AtomicBoolean shuttingDown = new AtomicBoolean();
  private WorkerFactory factory;

  PlatformWorkers(WorkflowClient client, RunLedgerActivitiesImpl ledger, PipelineActivitiesImpl pipelineLedger,
      SweepActivitiesImpl sweepLedger, RunService runs, PipelineService pipelines, SweepService sweeps,
      PlatformTokens tokens, PedigreeProperties properties,
      Environment environment, ArtifactStore store) {
    this.client = client;
    this.ledger = ledger;
    this.pipelineLedger = pipelineLedger;
    this.sweepLedger = sweepLedger;
    this.runs = runs;
    this.pipelines = pipelines;
    this.sweeps = sweeps;
    this.tokens = tokens;
    this.properties = properties;
    this.environment = environment;
    this.store = store;
  }

  @Override
  public synchronized void start() {
    shuttingDown.set(false);
    factory = WorkerFactory.newInstance(client);
    Worker platform = factory.newWorker(TaskQueues.PLATFORM, ORCHESTRATION);
    platform.registerWorkflowImplementationTypes(RunWorkflowImpl.class, PipelineWorkflowImpl.class,
        SweepWorkflowImpl.class);
    platform.registerActivitiesImplementations(ledger, pipelineLedger, sweepLedger);
    if (properties.worker().embedded()) {
      URI api = URI.create("http://127.0.0.1:" + environment.getProperty("local.server.port", "8080"));
      String identity = "embedded-" + ManagementFactory.getRuntimeMXBean().getPid();
      ComputeWorker.register(factory, TaskQueues.CPU, api, tokens.workerToken(), store, identity, shuttingDown);
      log.info("compute worker: in-process on queue {}", TaskQueues.CPU);
    }
    factory.start();
    int restartedRuns = runs.reconcile();
    int restartedPipelines = pipelines.reconcile();
    int restartedSweeps = sweeps.reconcile();
    if (restartedRuns + restartedPipelines + restartedSweeps > 0) {
      log.info("reconciled {} unfinished run(s), {} pipeline(s) and {} sweep(s)", restartedRuns, restartedPipelines,
          restartedSweeps);
    }
  }

  /**
   * Stops the workers when the context starts closing, before any lifecycle bean (the web server among them) stops, so
   * a training that checkpoints on shutdown can still report to the API.
   */
  @EventListener(ContextClosedEvent.class)
  public void onContextClosed() {
    stop();
  }

  @Override
  public synchronized void stop() {
    if (factory != null) {
      shuttingDown.set(true);
      factory.shutdown();
      factory.awaitTermination(60, TimeUnit.SECONDS);
      factory = null;
    }
  }

  @Override
  public boolean isRunning() {
    return factory != null;
  }

  /** The last phase: started after the web server, whose port the in-process compute worker needs. */
  @Override
  public int getPhase() {
    return Integer.MAX_VALUE;
  }
}
