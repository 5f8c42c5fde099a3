package dev.pedigree.workflows.run;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

/**
 * What a run workflow needs. The spec travels as JSON text: the workflow never interprets it, and new kinds add
 * spec shapes without touching this payload.
 *
 * @param computeQueue task queue of the compute workers that may train it
 * @param heartbeatTimeout how long a silent worker is trusted before its attempt is retried elsewhere
 * @param maxAttempts attempts of the training activity before the run fails
 * @param attemptOffset attempts the run already had in an earlier workflow (one restarted after the embedded
 *     platform restarted), so attempt numbers keep counting up
 * @param inputs the model artifacts the run reads, resolved at submission
 */
public record RunInput(
    UUID runId,
    String kind,
    String specJson,
    String computeQueue,
    Duration heartbeatTimeout,
    int maxAttempts,
    int attemptOffset,
    List<InputModel> inputs) {
  public RunInput {
    inputs = inputs == null ? List.of() : List.copyOf(inputs);
  }
}
