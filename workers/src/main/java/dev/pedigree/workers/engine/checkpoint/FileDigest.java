package dev.pedigree.workers.engine.checkpoint;

/** A written file's sha256 (lowercase hex) and size in bytes. */
public record FileDigest(String sha256, long bytes) {}
