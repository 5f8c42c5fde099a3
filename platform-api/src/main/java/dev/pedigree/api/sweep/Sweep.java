package dev.pedigree.api.sweep;

import dev.pedigree.api.run.RunStatus;
import java.time.Instant;
import java.util.UUID;

/** A sweep row; {@code specJson} is the body it was submitted with, from which its trials are drawn. */
record Sweep(
    UUID id,
    String name,
    String project,
    RunStatus status,
    String specJson,
    String error,
    Instant createdAt,
    Instant startedAt,
    Instant finishedAt) {}
