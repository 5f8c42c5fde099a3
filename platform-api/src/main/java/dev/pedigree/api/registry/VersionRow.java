package dev.pedigree.api.registry;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** A model version's row with its aliases and tags, and the run that produced its artifact, if any. */
record VersionRow(
    String name, int version, UUID artifactId, String description, String createdBy, Instant createdAt, String stage,
    Instant updatedAt, List<String> aliases, Map<String, String> tags, ProducingRun run) {}
