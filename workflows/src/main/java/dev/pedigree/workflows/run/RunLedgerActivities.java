package dev.pedigree.workflows.run;

import io.temporal.activity.ActivityInterface;

/** The only writers of run status. Implemented in platform-api; idempotent so retries are harmless. */
@ActivityInterface
public interface RunLedgerActivities {
  void markRunRunning(RunStatusUpdate update);

  void markRunSucceeded(RunStatusUpdate update);

  void markRunFailed(RunStatusUpdate update);

  void markRunCancelled(RunStatusUpdate update);
}
