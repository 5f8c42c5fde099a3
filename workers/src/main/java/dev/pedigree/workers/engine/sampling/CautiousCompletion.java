package dev.pedigree.workers.engine.sampling;

/**
 * A cautious decoder's completion and what it cost.
 *
 * @param tokensForwarded positions a KV-cached decoder runs through the model for it: the prompt once, then one token
 *     per next-token distribution used after the first, kept or in a discarded trial alike (the batched decoder also
 *     runs idle rows as padding, which this does not count)
 * @param branchings steps that sampled more than one trial
 * @param trials trials sampled over all those steps
 */
public record CautiousCompletion(Completion completion, long tokensForwarded, int branchings, int trials) {}
