package dev.pedigree.workflows.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The spec of a {@code pretrain} run. Unknown fields are rejected when it is parsed.
 *
 * @param selection how the run chooses what to learn from; uniform when omitted
 * @param segment where the run starts and stops inside its schedule; absent for a whole run
 */
public record PretrainSpec(
    ModelSpec model,
    DataSpec data,
    OptimizationSpec training,
    String device,
    SelectionSpec selection,
    @JsonInclude(JsonInclude.Include.NON_NULL) SegmentSpec segment)
    implements RunSpec {
  public static final Set<String> DEVICES = Set.of("cpu", "cuda", "auto");

  public PretrainSpec {
    model = model == null ? ModelSpec.defaults() : model;
    data = data == null ? DataSpec.defaults() : data;
    training = training == null ? OptimizationSpec.defaults() : training;
    device = device == null ? "cpu" : device;
    selection = selection == null ? SelectionSpec.uniform() : selection;
  }

  /** A whole run. */
  public PretrainSpec(
      ModelSpec model, DataSpec data, OptimizationSpec training, String device, SelectionSpec selection) {
    this(model, data, training, device, selection, null);
  }

  /** A whole run with uniform selection. */
  public PretrainSpec(ModelSpec model, DataSpec data, OptimizationSpec training, String device) {
    this(model, data, training, device, null, null);
  }

  /** This spec as a segment. */
  public PretrainSpec withSegment(SegmentSpec segment) {
    return new PretrainSpec(model, data, training, device, selection, segment);
  }

  @Override
  public List<SpecError> validate(String at) {
    SpecChecks checks = new SpecChecks();
    model.check(checks, at + ".model");
    data.check(checks, at + ".data");
    training.check(checks, at + ".training");
    checks.device(at + ".device", device);
    selection.check(checks, at + ".selection", data);
    if (segment != null) {
      segment.check(checks, at + ".segment", training.steps());
    }
    return checks.errors();
  }

  /**
   * The reference models a {@code preselect} selection names, if any (role {@code reference.<i>}), then the checkpoint
   * a segment starts from.
   */
  @Override
  public List<ModelInput> modelInputs(String at) {
    List<ModelInput> inputs = new ArrayList<>(selection.modelInputs(at + ".selection"));
    if (segment != null && segment.checkpoint() != null) {
      inputs.add(segment.input(at + ".segment", totalSteps()));
    }
    return inputs;
  }

  /** Reference models score this run's windows in its own tokens. */
  @Override
  public InputCompatibility inputCompatibility() {
    return InputCompatibility.TOKENIZER;
  }

  /** The tokens a whole run trains on: each step's micro-batches of full-context windows. */
  public long trainingTokens() {
    return (long) training.steps() * training.gradAccumulation() * training.batchSize() * model.contextLength();
  }

  /** The step the run stops at: a segment's {@code untilStep}, else the schedule's last. */
  @Override
  public long totalSteps() {
    return segment == null || segment.untilStep() == null ? training.steps() : segment.untilStep();
  }
}
