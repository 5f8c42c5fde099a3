package dev.pedigree.api.usage;

import java.time.Instant;

/**
 * Which attempts the usage report sums and how it groups them; null filters match everything.
 *
 * @param from attempts that started at or after this instant
 * @param to attempts that started before this instant
 */
public record UsageQuery(String project, String kind, Instant from, Instant to, UsageGroupBy groupBy) {}
