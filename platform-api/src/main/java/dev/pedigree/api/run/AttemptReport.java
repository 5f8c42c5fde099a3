package dev.pedigree.api.run;

/**
 * A worker's report that an attempt of a run started (POST /runs/{id}/attempts).
 *
 * @param heldSeconds how long the attempt had held its device before this report (reading its inputs, preparing
 *     data); optional, 0 when absent
 */
public record AttemptReport(Integer attempt, Long fromStep, String worker, String device, Double heldSeconds) {}
