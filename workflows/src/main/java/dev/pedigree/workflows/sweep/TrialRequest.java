package dev.pedigree.workflows.sweep;

import java.util.UUID;

/**
 * Asks the platform to record a trial's run.
 *
 * @param trial 1-based, in the order the sweep's method draws its trials
 * @param runId chosen by the workflow, so a retried request records the same run once
 */
public record TrialRequest(UUID sweepId, int trial, UUID runId) {}
