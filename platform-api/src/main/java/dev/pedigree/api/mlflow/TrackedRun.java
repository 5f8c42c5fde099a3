package dev.pedigree.api.mlflow;

import dev.pedigree.api.run.RunStatus;
import java.time.Instant;
import java.util.UUID;

/** A run row as the MLflow API shows it; any kind may be read, only tracked runs are written. */
record TrackedRun(
    UUID id,
    Experiment experiment,
    String name,
    String kind,
    RunStatus status,
    String specJson,
    Instant createdAt,
    Instant startedAt,
    Instant finishedAt) {}
