package dev.pedigree.workers.engine.audit;

/**
 * What one condition decoded, compared with the reference (fp32 at batch 1) and with its own precision at batch 1.
 *
 * @param accuracy the share of prompts whose output the audit's answer check accepts
 * @param seconds the wall time of this condition's decoding
 */
public record ConditionOutcome(
    AuditCondition condition, Divergence fromReference, Divergence fromOwnBatchOne, double accuracy, double seconds) {}
