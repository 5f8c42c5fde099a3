package dev.pedigree.workflows.spec;

import java.util.List;
import java.util.Set;

/**
 * The spec of a {@code pretrain} run. Unknown fields are rejected when it is parsed.
 *
 * @param selection how the run chooses what to learn from; uniform when omitted
 */
public record PretrainSpec(
    ModelSpec model, DataSpec data, OptimizationSpec training, String device, SelectionSpec selection)
    implements RunSpec {
  public static final Set<String> DEVICES = Set.of("cpu", "cuda", "auto");

  public PretrainSpec {
    model = model == null ? ModelSpec.defaults() : model;
    data = data == null ? DataSpec.defaults() : data;
    training = training == null ? OptimizationSpec.defaults() : training;
    device = device == null ? "cpu" : device;
    selection = selection == null ? SelectionSpec.uniform() : selection;
  }

  /** A run with uniform selection. */
  public PretrainSpec(ModelSpec model, DataSpec data, OptimizationSpec training, String device) {
    this(model, data, training, device, null);
  }

  @Override
  public List<SpecError> validate(String at) {
    SpecChecks checks = new SpecChecks();
    model.check(checks, at + ".model");
    data.check(checks, at + ".data");
    training.check(checks, at + ".training");
    checks.device(at + ".device", device);
    selection.check(checks, at + ".selection", data);
    return checks.errors();
  }

  /** The reference models a {@code preselect} selection names, if any (role {@code reference.<i>}). */
  @Override
  public List<ModelInput> modelInputs(String at) {
    return selection.modelInputs(at + ".selection");
  }

  /** Reference models score this run's windows in its own tokens. */
  @Override
  public InputCompatibility inputCompatibility() {
    return InputCompatibility.TOKENIZER;
  }

  /** The tokens the run trains on: each step's micro-batches of full-context windows. */
  public long trainingTokens() {
    return (long) training.steps() * training.gradAccumulation() * training.batchSize() * model.contextLength();
  }

  @Override
  public long totalSteps() {
    return training.steps();
  }
}
