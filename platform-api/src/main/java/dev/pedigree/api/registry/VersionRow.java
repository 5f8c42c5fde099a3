package dev.pedigree.api.registry;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A model version's row with the aliases on it and the run that produced its artifact, if any. */
record VersionRow(
    String name, int version, UUID artifactId, String description, String createdBy, Instant createdAt,
    List<String> aliases, ProducingRun run) {}
