package dev.pedigree.api.registry;

import java.time.Instant;

/**
 * One move of a model version from a stage to another.
 *
 * @param transitionedBy the name of the token that moved it
 */
public record StageTransition(int version, String fromStage, String toStage, String transitionedBy,
    Instant transitionedAt) {}
