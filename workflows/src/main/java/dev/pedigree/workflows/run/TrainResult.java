package dev.pedigree.workflows.run;

/** Summary of a finished training activity; the model itself is an artifact, referenced by URI and sha256. */
public record TrainResult(long steps, double finalLoss, String modelUri, String modelSha256) {}
