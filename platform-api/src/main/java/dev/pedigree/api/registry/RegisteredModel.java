package dev.pedigree.api.registry;

import java.time.Instant;

/** A registered model's row; {@code lastVersion} is the newest version's number, 0 before the first. */
record RegisteredModel(
    long id, String name, String project, String description, int lastVersion, String createdBy, Instant createdAt,
    Instant updatedAt) {}
