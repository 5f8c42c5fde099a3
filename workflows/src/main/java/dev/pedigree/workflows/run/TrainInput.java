package dev.pedigree.workflows.run;

import java.util.List;
import java.util.UUID;

/**
 * @param attemptOffset added to Temporal's attempt number to give the run's attempt number
 * @param inputs the model artifacts the run reads
 */
public record TrainInput(UUID runId, String kind, String specJson, int attemptOffset, List<InputModel> inputs) {
  public TrainInput {
    inputs = inputs == null ? List.of() : List.copyOf(inputs);
  }
}
