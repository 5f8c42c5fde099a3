package dev.pedigree.workflows.run;

/**
 * Summary of a finished training activity; the model itself is an artifact, referenced by URI and sha256.
 *
 * @param finalLoss null when no step ran in the last attempt (it resumed from a checkpoint at the final step)
 */
public record TrainResult(long steps, Double finalLoss, String modelUri, String modelSha256) {}
