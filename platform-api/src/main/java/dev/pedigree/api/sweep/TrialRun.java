package dev.pedigree.api.sweep;

import dev.pedigree.api.run.RunStatus;
import java.util.UUID;

/** The run of one trial of a sweep. */
record TrialRun(int trial, UUID runId, RunStatus status, boolean stoppedEarly) {}
