package dev.pedigree.api.pipeline;

import dev.pedigree.api.run.RunStatus;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A pipeline row; {@code specJson} is the body it was submitted with. A succeeded stage never runs again, so
 * {@code stagesSucceeded} counts the stages with a succeeded run (and approved gates, done registrations);
 * {@code waitingGates} are the gates waiting for a decision now, in the order the pipeline reached them.
 */
record Pipeline(
    UUID id,
    String name,
    String project,
    RunStatus status,
    String specJson,
    String error,
    Instant createdAt,
    Instant startedAt,
    Instant finishedAt,
    int stagesSucceeded,
    int stagesTotal,
    List<String> waitingGates) {}
