package dev.pedigree.api.registry;

import dev.pedigree.api.artifact.Artifact;
import java.time.Instant;
import java.util.List;

/**
 * A model version: the model artifact registered under {@code name} as {@code version}.
 *
 * @param run the run that produced the artifact; null for an artifact no run produced
 * @param createdBy the name of the token that registered it
 * @param aliases the aliases that name this version now, {@code latest} not among them
 */
public record VersionResponse(
    String name, int version, String description, Artifact artifact, ProducingRun run, Instant createdAt,
    String createdBy, List<String> aliases) {}
