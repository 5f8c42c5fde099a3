package dev.pedigree.workers.engine.checkpoint;

import java.util.Map;

/**
 * Where a restored run continues: optimizer steps done, training samples consumed, and the loop's own state (an RNG
 * position, a mixture's weights) as the loop saved it.
 */
public record ResumePoint(long step, long dataCursor, Map<String, String> state) {
  public ResumePoint {
    state = Map.copyOf(state);
  }

  /** The start of a run. */
  public static ResumePoint initial() {
    return new ResumePoint(0, 0, Map.of());
  }
}
