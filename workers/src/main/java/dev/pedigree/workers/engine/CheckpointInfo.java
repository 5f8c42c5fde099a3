package dev.pedigree.workers.engine;

import java.nio.file.Path;

/**
 * A complete checkpoint file (safetensors: weights, optimizer state; metadata: step, data cursor, RNG, spec).
 *
 * @param dataCursor samples consumed from the deterministic data order when it was written
 */
public record CheckpointInfo(long step, long dataCursor, Path path, String sha256, long bytes) {}
