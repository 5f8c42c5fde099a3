package dev.pedigree.workers.engine;

/**
 * @param step 1-based: the number of optimizer steps done, including this one
 * @param gradNorm the global L2 norm of the step's gradients before clipping; NaN for a step without gradients
 */
public record StepMetrics(long step, double loss, double gradNorm, double learningRate, double tokensPerSecond) {}
