package dev.pedigree.workflows.pipeline;

/**
 * A person's answer at a pipeline's gate stage.
 *
 * @param by the name of the token that decided
 * @param comment why, as the person wrote it; may be null
 */
public record GateDecision(String stage, boolean approved, String by, String comment) {}
