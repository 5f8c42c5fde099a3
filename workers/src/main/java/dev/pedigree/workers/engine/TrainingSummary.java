package dev.pedigree.workers.engine;

import java.nio.file.Path;

/**
 * How an attempt ended.
 *
 * @param stopped true when a {@link StopSignal} ended it before the last step
 * @param model the final weights (safetensors, weights only) when training completed, else null
 */
public record TrainingSummary(
    long steps, double finalLoss, boolean stopped, CheckpointInfo lastCheckpoint, Path model, String modelSha256) {}
