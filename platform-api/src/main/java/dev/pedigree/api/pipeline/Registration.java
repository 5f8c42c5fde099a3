package dev.pedigree.api.pipeline;

import java.util.UUID;

/**
 * What a register stage put into the model registry: the model artifact, as version {@code version} of {@code name}.
 *
 * @param alias the alias it moved there; null for none
 */
record Registration(UUID model, String name, int version, String alias) {}
