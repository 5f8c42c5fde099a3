package dev.pedigree.api.sweep;

import dev.pedigree.api.run.RunStatus;
import java.util.UUID;

/**
 * The run of one trial of a sweep.
 *
 * @param totalSteps the steps its spec trains for
 */
record TrialRun(int trial, UUID runId, RunStatus status, boolean stoppedEarly, long totalSteps) {}
