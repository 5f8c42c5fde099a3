package dev.pedigree.api.run;

import java.time.Instant;
import java.util.UUID;

/**
 * A run row. {@code specJson} is the resolved spec (defaults filled in), exactly what the worker trains; {@code sweep}
 * is null unless the run is a sweep's trial.
 */
record Run(
    UUID id,
    String name,
    String project,
    String kind,
    RunStatus status,
    String specJson,
    long totalSteps,
    long progressStep,
    String error,
    Instant createdAt,
    Instant startedAt,
    Instant finishedAt,
    SweepTrial sweep) {}
