package dev.pedigree.api.run;

import java.util.Set;

public enum RunStatus {
  QUEUED,
  RUNNING,
  SUCCEEDED,
  FAILED,
  CANCELLED;

  public static final Set<RunStatus> ACTIVE = Set.of(QUEUED, RUNNING);

  public boolean terminal() {
    return !ACTIVE.contains(this);
  }
}
