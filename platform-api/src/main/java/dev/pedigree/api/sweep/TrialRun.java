package dev.pedigree.api.sweep;

import dev.pedigree.api.run.RunStatus;
import dev.pedigree.api.run.SweepTrial;
import java.util.UUID;

/**
 * The run of one trial of a sweep.
 *
 * @param totalSteps the steps its spec trains for
 * @param drawn the values it was given, and how a tpe sweep drew them
 * @param parentTrial in a pbt sweep, the trial whose checkpoint the run continued; null for the first generation and
 *     in other sweeps
 */
record TrialRun(int trial, UUID runId, RunStatus status, boolean stoppedEarly, long totalSteps, SweepTrial drawn,
    Integer parentTrial) {}
