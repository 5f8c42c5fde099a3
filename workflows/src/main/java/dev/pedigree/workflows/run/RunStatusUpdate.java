package dev.pedigree.workflows.run;

import java.util.UUID;

/** @param error a plain message for FAILED runs, else null */
public record RunStatusUpdate(UUID runId, String error) {
  public static RunStatusUpdate of(UUID runId) {
    return new RunStatusUpdate(runId, null);
  }
}
