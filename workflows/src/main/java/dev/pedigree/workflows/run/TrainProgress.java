package dev.pedigree.workflows.run;

/**
 * Heartbeat details: where a retry resumes.
 *
 * @param checkpointUri the last complete checkpoint, or null before the first one
 * @param dataCursor position in the deterministic data order at that checkpoint
 * @param checkpointSha256 the checkpoint's sha256, checked before a retry uses it; null in details from older workers
 */
public record TrainProgress(
    long step, String checkpointUri, long checkpointStep, long dataCursor, String checkpointSha256) {}
