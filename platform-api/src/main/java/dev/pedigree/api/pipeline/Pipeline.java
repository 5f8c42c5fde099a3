package dev.pedigree.api.pipeline;

import dev.pedigree.api.run.RunStatus;
import java.time.Instant;
import java.util.UUID;

/**
 * A pipeline row; {@code specJson} is the body it was submitted with. A succeeded stage never runs again, so
 * {@code stagesSucceeded} counts the stages with a succeeded run.
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
    int stagesTotal) {}
