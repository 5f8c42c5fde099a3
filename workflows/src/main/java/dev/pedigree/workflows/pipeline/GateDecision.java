package dev.pedigree.workflows.pipeline;

/**
 * An answer at a pipeline's gate stage: a person's, or the gate's own when its timeout fired first.
 *
 * @param by the name of the token that decided; {@value #TIMEOUT} when the gate timed out
 * @param comment why, as the person wrote it; may be null
 * @param timedOut nobody decided in time, and the gate decided as its {@code onTimeout} says
 */
public record GateDecision(String stage, boolean approved, String by, String comment, boolean timedOut) {
  public static final String TIMEOUT = "timeout";

  /** A person's decision. */
  public GateDecision(String stage, boolean approved, String by, String comment) {
    this(stage, approved, by, comment, false);
  }

  static GateDecision byTimeout(String stage, GateTimeout timeout) {
    return new GateDecision(stage, timeout.approves(), TIMEOUT, "no decision within " + timeout.after(), true);
  }
}
