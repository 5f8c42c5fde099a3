package dev.pedigree.api.pipeline;

import java.time.Instant;

/**
 * One decision at a gate, kept after a retry asks again.
 *
 * @param attempt the pipeline's try it belonged to: 1 for the first, one more for each retry
 * @param decision {@code approve} or {@code reject}
 * @param by the name of the token that decided, or {@code timeout}
 * @param timedOut nobody decided in time, and the gate decided as its {@code onTimeout} says
 */
record PastDecision(int attempt, String decision, String by, Instant at, String comment, boolean timedOut) {}
