package dev.pedigree.workflows.spec;

import java.util.List;

/** The spec of one run kind. Specs are records; unknown fields are rejected when they are parsed. */
public interface RunSpec {
  /** Field errors, with paths under {@code at} (the spec's own path, e.g. {@code $.spec}); empty when valid. */
  List<SpecError> validate(String at);

  /** @throws IllegalArgumentException naming every invalid field, for engines handed a spec that skipped the API */
  default void requireValid() {
    List<SpecError> errors = validate("$");
    if (!errors.isEmpty()) {
      throw new IllegalArgumentException("invalid " + getClass().getSimpleName() + ": " + errors);
    }
  }

  /** The steps the run will take, the denominator of its progress. */
  long totalSteps();

  /** {@code cpu}, {@code cuda} or {@code auto}: which compute queue takes the run. */
  String device();

  /** The model artifacts this run reads, in a stable order; each becomes a lineage edge to the model it makes. */
  default List<ModelInput> modelInputs(String at) {
    return List.of();
  }

  /** What the input models must share; the platform refuses a submission whose models do not (400). */
  default InputCompatibility inputCompatibility() {
    return InputCompatibility.NONE;
  }
}
