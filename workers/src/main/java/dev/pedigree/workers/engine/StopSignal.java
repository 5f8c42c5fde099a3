package dev.pedigree.workers.engine;

/** Polled at step boundaries; when true the loop writes a final checkpoint and returns. */
@FunctionalInterface
public interface StopSignal {
  StopSignal NEVER = () -> false;

  boolean stopRequested();
}
