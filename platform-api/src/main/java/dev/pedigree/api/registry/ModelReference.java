package dev.pedigree.api.registry;

import java.util.UUID;

/**
 * A registry reference a spec gave, and what it named when it was resolved.
 *
 * @param registry the reference as written, e.g. {@code models:/arith-small@champion}
 */
public record ModelReference(String registry, int version, UUID artifactId) {}
