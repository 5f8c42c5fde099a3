package dev.pedigree.workers.activity;

/**
 * The device seconds of a run as one attempt sees them: what the run spent before this attempt (the platform's answer
 * to its report, lost work included) plus the time since the attempt started. Monotonic within the attempt (nanoTime)
 * and across attempts, so a chart can use it as its x axis.
 */
final class DeviceClock {
  private final long startNanos = System.nanoTime();
  private volatile double priorSeconds;

  /** Seconds this attempt has held its device. */
  double heldSeconds() {
    return (System.nanoTime() - startNanos) / 1e9;
  }

  void continueFrom(double runSecondsBeforeThisAttempt) {
    priorSeconds = runSecondsBeforeThisAttempt;
  }

  double runSeconds() {
    return priorSeconds + heldSeconds();
  }
}
