package dev.pedigree.api.pipeline;

import java.time.Instant;

/**
 * A gate stage the pipeline reached.
 *
 * @param status WAITING, APPROVED or REJECTED
 * @param decidedBy the name of the token that decided, or {@code timeout}; null while it waits
 * @param timeoutAt when it decides itself if nobody did; null when it waits as long as it takes
 */
record Gate(String stage, String status, Instant reachedAt, Instant decidedAt, String decidedBy, String comment,
    Instant timeoutAt) {}
