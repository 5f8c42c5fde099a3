package dev.pedigree.api.pipeline;

import dev.pedigree.api.common.problem.ApiProblem;
import dev.pedigree.api.registry.ModelPromotion;
import dev.pedigree.api.registry.VersionResponse;
import dev.pedigree.api.run.PipelineStage;
import dev.pedigree.api.run.RunService;
import dev.pedigree.api.run.RunStatus;
import dev.pedigree.api.security.Caller;
import dev.pedigree.api.security.Role;
import dev.pedigree.workflows.pipeline.GateDecision;
import dev.pedigree.workflows.pipeline.PipelineActivities;
import dev.pedigree.workflows.pipeline.StageReferences;
import dev.pedigree.workflows.pipeline.StageRequest;
import dev.pedigree.workflows.run.RunInput;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The only writer of pipeline status, and the recorder of stage runs. Idempotent: Temporal may retry any call. */
@Component
public class PipelineActivitiesImpl implements PipelineActivities {
  private final PipelineRepository pipelines;
  private final RunService runs;
  private final ModelPromotion promotion;
  private final ApplicationEventPublisher events;
  private final JsonMapper json;

  PipelineActivitiesImpl(PipelineRepository pipelines, RunService runs, ModelPromotion promotion,
      ApplicationEventPublisher events, JsonMapper json) {
    this.pipelines = pipelines;
    this.runs = runs;
    this.promotion = promotion;
    this.events = events;
    this.json = json;
  }

  /** A stage whose run a platform restart left unfinished continues that run instead of starting another. */
  @Override
  public RunInput createStageRun(StageRequest request) {
    Pipeline pipeline = pipelines.find(request.pipelineId()).orElseThrow(() ->
        new IllegalArgumentException("no pipeline " + request.pipelineId()));
    Optional<UUID> unfinished = pipelines.activeRun(pipeline.id(), request.stage());
    if (unfinished.isPresent()) {
      return runs.workflowInput(unfinished.get());
    }
    String spec = StageReferences.resolve(request.specTemplate(), request.upstreamModels());
    return runs.recordStageRun(request.runId(), new PipelineStage(pipeline.id(), request.stage()), pipeline.project(),
        request.kind(), spec, pipelines.modelReferences(pipeline.id(), request.stage()));
  }

  /**
   * As the pipeline's own caller ({@code pipeline <id> stage <name>}), which acts only in the pipeline's project: a
   * name registered in another project is refused, never taken over.
   */
  @Override
  public String registerStageModel(StageRequest request) {
    Pipeline pipeline = pipelines.find(request.pipelineId()).orElseThrow(() ->
        new IllegalArgumentException("no pipeline " + request.pipelineId()));
    Registration done = pipelines.registrations(pipeline.id()).get(request.stage());
    if (done != null) {
      return done.model().toString();
    }
    JsonNode spec = json.readTree(StageReferences.resolve(request.specTemplate(), request.upstreamModels()));
    UUID model = UUID.fromString(spec.path("model").asString());
    String alias = spec.hasNonNull("alias") ? spec.get("alias").asString() : null;
    Caller caller = new Caller("pipeline " + pipeline.id() + " stage " + request.stage(), Role.USER,
        pipeline.project());
    VersionResponse version;
    try {
      version = promotion.promote(spec.path("name").asString(), model, alias, caller);
    } catch (ApiProblem refused) {
      throw new IllegalArgumentException(refused.getBody().getDetail(), refused);
    }
    pipelines.recordRegistration(pipeline.id(), request.stage(),
        new Registration(model, version.name(), version.version(), alias));
    return model.toString();
  }

  @Override
  public String modelOf(UUID runId) {
    return pipelines.modelOf(runId).orElseThrow(() ->
        new IllegalStateException("run " + runId + " succeeded without registering a model")).toString();
  }

  @Override
  public void markPipelineRunning(UUID pipelineId) {
    pipelines.markRunning(pipelineId);
  }

  @Override
  public Instant markGateWaiting(UUID pipelineId, String stage, Instant timeoutAt) {
    if (pipelines.markGateWaiting(pipelineId, stage, timeoutAt)) {
      Pipeline pipeline = pipelines.find(pipelineId).orElseThrow();
      events.publishEvent(new PipelineGateWaiting(pipelineId, pipeline.name(), pipeline.project(), stage,
          question(pipeline, stage), timeoutAt));
    }
    return pipelines.gates(pipelineId).get(stage).timeoutAt();
  }

  /** The gate's {@code gate} field in the body the pipeline was submitted with. */
  private String question(Pipeline pipeline, String stage) {
    return json.readTree(pipeline.specJson()).path("stages").valueStream()
        .filter(node -> node.path("name").asString().equals(stage))
        .map(node -> node.path("gate").asString())
        .findFirst().orElse("");
  }

  @Override
  public void recordGateDecision(UUID pipelineId, GateDecision decision) {
    pipelines.recordGateDecision(pipelineId, decision.stage(), decision.approved(), decision.by(), decision.comment(),
        decision.timedOut());
  }

  @Override
  public void markPipelineEnded(UUID pipelineId, String status, String error) {
    if (pipelines.markEnded(pipelineId, RunStatus.valueOf(status), error)) {
      Pipeline pipeline = pipelines.find(pipelineId).orElseThrow();
      events.publishEvent(new PipelineEnded(pipelineId, pipeline.name(), pipeline.project(), status, error));
    }
  }
}
