package dev.pedigree.workers.engine;

/** @param step 1-based: the number of optimizer steps done, including this one */
public record StepMetrics(long step, double loss, double learningRate, double tokensPerSecond) {}
