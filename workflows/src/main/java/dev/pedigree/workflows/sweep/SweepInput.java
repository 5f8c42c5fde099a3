package dev.pedigree.workflows.sweep;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

/**
 * What a sweep workflow needs; the trials' values stay with the platform, which draws them from the sweep's body.
 *
 * @param trials the sweep's trials are numbered 1 to this
 * @param parallelism the most trials that run at once
 * @param earlyStoppingCheck how often the platform is asked which running trials to stop early; null when the sweep
 *     has no early stopping
 * @param ended the status of each trial whose run ended under an earlier workflow of this sweep (one restarted after
 *     the embedded platform restarted); these trials do not run again
 */
public record SweepInput(UUID sweepId, int trials, int parallelism, Duration earlyStoppingCheck,
    Map<Integer, String> ended) {
  public SweepInput {
    ended = ended == null ? Map.of() : Map.copyOf(ended);
  }

  public SweepInput(UUID sweepId, int trials, int parallelism, Duration earlyStoppingCheck) {
    this(sweepId, trials, parallelism, earlyStoppingCheck, Map.of());
  }
}
