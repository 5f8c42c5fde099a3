package dev.pedigree.api.metric;

/** {@code duplicates}: points already stored for the same run, attempt, key and step (a retried batch). */
public record IngestResult(long accepted, long duplicates) {}
