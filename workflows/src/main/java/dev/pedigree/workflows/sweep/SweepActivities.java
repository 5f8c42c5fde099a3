package dev.pedigree.workflows.sweep;

import dev.pedigree.workflows.run.RunInput;
import io.temporal.activity.ActivityInterface;
import java.util.List;
import java.util.UUID;

/** The platform's side of a sweep: its status, its trials' runs and the early-stopping rule. Idempotent. */
@ActivityInterface
public interface SweepActivities {
  /** Applies the trial's values to the sweep's spec and records the run (QUEUED, in the sweep). */
  RunInput createTrialRun(TrialRequest request);

  /** The running trials' runs that the sweep's early-stopping rule says to stop now; empty when it has no rule. */
  List<UUID> trialsToStopEarly(UUID sweepId);

  /** Records that the run is being cancelled by the early-stopping rule, before the workflow cancels it. */
  void markTrialStoppedEarly(UUID runId);

  void markSweepRunning(UUID sweepId);

  /** @param status SUCCEEDED, FAILED or CANCELLED */
  void markSweepEnded(UUID sweepId, String status, String error);
}
