package dev.pedigree.workflows.sweep;

import java.time.Duration;
import java.util.UUID;

/**
 * What a sweep workflow needs; the trials' values stay with the platform, which draws them from the sweep's body.
 *
 * @param trials the sweep's trials are numbered 1 to this
 * @param parallelism the most trials that run at once
 * @param earlyStoppingCheck how often the platform is asked which running trials to stop early; null when the sweep
 *     has no early stopping
 */
public record SweepInput(UUID sweepId, int trials, int parallelism, Duration earlyStoppingCheck) {}
