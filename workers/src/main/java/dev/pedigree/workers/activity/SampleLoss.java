package dev.pedigree.workers.activity;

/**
 * One sample's loss and weight in a step, as the worker reports it.
 *
 * @param slot the sample's place in its step: micro-batch × batch size + row
 * @param id the stable sample id, {@code domain << 32 | window}
 */
public record SampleLoss(long step, int slot, long id, double loss, double weight) {}
