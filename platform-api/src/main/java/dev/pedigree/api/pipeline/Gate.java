package dev.pedigree.api.pipeline;

import java.time.Instant;

/**
 * A gate stage the pipeline reached.
 *
 * @param status WAITING, APPROVED or REJECTED
 * @param decidedBy the name of the token that decided; null while it waits
 */
record Gate(String stage, String status, Instant reachedAt, Instant decidedAt, String decidedBy, String comment) {}
