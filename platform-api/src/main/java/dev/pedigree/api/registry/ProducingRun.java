package dev.pedigree.api.registry;

import java.util.UUID;

/** The run whose {@code produced} lineage edge leads to a version's artifact. */
public record ProducingRun(UUID id, String name, String status) {}
