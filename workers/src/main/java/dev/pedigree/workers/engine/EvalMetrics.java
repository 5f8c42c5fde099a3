package dev.pedigree.workers.engine;

/** Validation on the held-out split: mean token loss (nats) and bits per byte. */
public record EvalMetrics(long step, double valLoss, double valBitsPerByte) {}
