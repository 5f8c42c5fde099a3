package dev.pedigree.api.run;

import dev.pedigree.workflows.run.RunLedgerActivities;
import dev.pedigree.workflows.run.RunStatusUpdate;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

/** The only writer of run status (one writer per fact). Every method is idempotent: Temporal may retry it. */
@Component
public class RunLedgerActivitiesImpl implements RunLedgerActivities {
  private final RunRepository runs;
  private final ApplicationEventPublisher events;

  RunLedgerActivitiesImpl(RunRepository runs, ApplicationEventPublisher events) {
    this.runs = runs;
    this.events = events;
  }

  @Override
  public void markRunRunning(RunStatusUpdate update) {
    if (runs.markRunning(update.runId())) {
      events.publishEvent(new RunStatusChanged(update.runId()));
    }
  }

  @Override
  public void markRunSucceeded(RunStatusUpdate update) {
    end(update, RunStatus.SUCCEEDED);
  }

  @Override
  public void markRunFailed(RunStatusUpdate update) {
    end(update, RunStatus.FAILED);
  }

  @Override
  public void markRunCancelled(RunStatusUpdate update) {
    end(update, RunStatus.CANCELLED);
  }

  private void end(RunStatusUpdate update, RunStatus status) {
    if (runs.markEnded(update.runId(), status, update.error())) {
      events.publishEvent(new RunStatusChanged(update.runId()));
    }
  }
}
