package dev.pedigree.workers.engine.checkpoint;

import java.util.Map;

/**
 * Where a restored run continues: optimizer steps done, training samples consumed, and the selection strategy's state.
 */
public record ResumePoint(long step, long dataCursor, Map<String, String> selectionState) {
  public ResumePoint {
    selectionState = Map.copyOf(selectionState);
  }

  /** A point with no selection state. */
  public ResumePoint(long step, long dataCursor) {
    this(step, dataCursor, Map.of());
  }
}
