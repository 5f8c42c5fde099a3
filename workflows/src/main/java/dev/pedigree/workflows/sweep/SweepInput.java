package dev.pedigree.workflows.sweep;

import java.time.Duration;
import java.util.Collection;
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
 * @param generation the trials of a generation, in a sweep whose trials start from the ones of the generation before
 *     (population-based training): trials {@code g·generation + 1} to {@code (g + 1)·generation} form generation
 *     {@code g}, and none starts before every trial of earlier generations has ended; 0 when trials are independent
 */
public record SweepInput(UUID sweepId, int trials, int parallelism, Duration earlyStoppingCheck,
    Map<Integer, String> ended, int generation) {
  public SweepInput {
    ended = ended == null ? Map.of() : Map.copyOf(ended);
  }

  public SweepInput(UUID sweepId, int trials, int parallelism, Duration earlyStoppingCheck,
      Map<Integer, String> ended) {
    this(sweepId, trials, parallelism, earlyStoppingCheck, ended, 0);
  }

  public SweepInput(UUID sweepId, int trials, int parallelism, Duration earlyStoppingCheck) {
    this(sweepId, trials, parallelism, earlyStoppingCheck, Map.of());
  }

  /** Whether {@code trial} may start while {@code running} trials run: in a generational sweep, not across a generation. */
  boolean mayStart(int trial, Collection<Integer> running) {
    return generation == 0 || running.stream().allMatch(other -> (other - 1) / generation == (trial - 1) / generation);
  }
}
