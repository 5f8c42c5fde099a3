package dev.pedigree.api.registry;

import java.time.Instant;

/**
 * One move of an alias.
 *
 * @param fromVersion the version it named before, null when it was set for the first time
 * @param toVersion the version it names after, null when it was deleted
 * @param movedBy the name of the token that moved it
 */
public record AliasMove(String alias, Integer fromVersion, Integer toVersion, String movedBy, Instant movedAt) {}
