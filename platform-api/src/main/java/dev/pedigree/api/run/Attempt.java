package dev.pedigree.api.run;

import java.time.Instant;

/**
 * One resume segment of a run: attempt n started at {@code fromStep} on a worker and device. It held the device for
 * {@code deviceSeconds}, of which {@code lostSeconds} went to steps that the next attempt redid.
 */
public record Attempt(int attempt, long fromStep, String worker, String device, Instant startedAt, Instant endedAt,
    double deviceSeconds, double lostSeconds) {}
