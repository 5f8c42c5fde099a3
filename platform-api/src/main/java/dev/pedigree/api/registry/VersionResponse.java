package dev.pedigree.api.registry;

import dev.pedigree.api.artifact.Artifact;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A model version: the model artifact registered under {@code name} as {@code version}.
 *
 * @param run the run that produced the artifact; null for an artifact no run produced
 * @param createdBy the name of the token that registered it
 * @param aliases the aliases that name this version now, {@code latest} not among them
 * @param stage its {@link Stage}'s label
 * @param updatedAt when its description, tags or stage last changed; its creation until then
 * @param tags by key
 */
public record VersionResponse(
    String name, int version, String description, Artifact artifact, ProducingRun run, Instant createdAt,
    String createdBy, List<String> aliases, String stage, Instant updatedAt, Map<String, String> tags) {}
