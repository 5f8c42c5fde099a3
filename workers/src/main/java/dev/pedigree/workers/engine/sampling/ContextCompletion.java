package dev.pedigree.workers.engine.sampling;

/** A context-aware decoder's completion, with the mean and the largest weight α_t over the tokens it generated. */
public record ContextCompletion(Completion completion, double meanAlpha, double maxAlpha) {}
