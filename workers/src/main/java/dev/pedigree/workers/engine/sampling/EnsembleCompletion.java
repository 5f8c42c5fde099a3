package dev.pedigree.workers.engine.sampling;

/** An ensemble's completion, with each member's weight averaged over the tokens generated, in member order. */
public record EnsembleCompletion(Completion completion, double[] meanWeights) {}
