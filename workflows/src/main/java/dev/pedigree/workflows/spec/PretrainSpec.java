package dev.pedigree.workflows.spec;

import java.util.List;
import java.util.Set;

/** The spec of a {@code pretrain} run. Unknown fields are rejected when it is parsed. */
public record PretrainSpec(ModelSpec model, DataSpec data, OptimizationSpec training, String device)
    implements RunSpec {
  public static final Set<String> DEVICES = Set.of("cpu", "cuda", "auto");

  public PretrainSpec {
    model = model == null ? ModelSpec.defaults() : model;
    data = data == null ? DataSpec.defaults() : data;
    training = training == null ? OptimizationSpec.defaults() : training;
    device = device == null ? "cpu" : device;
  }

  @Override
  public List<SpecError> validate(String at) {
    SpecChecks checks = new SpecChecks();
    model.check(checks, at + ".model");
    data.check(checks, at + ".data");
    training.check(checks, at + ".training");
    checks.require(DEVICES.contains(device), at + ".device", "must be one of " + DEVICES);
    return checks.errors();
  }

  @Override
  public long totalSteps() {
    return training.steps();
  }
}
