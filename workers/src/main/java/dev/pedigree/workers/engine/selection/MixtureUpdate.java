package dev.pedigree.workers.engine.selection;

/**
 * One Dynamic Gradient Alignment update of domain weights (METHODS.md §2.1): exponentiated-gradient (mirror) ascent on
 * the alignment of each domain's gradient with the target gradient, alpha_i <- alpha_i * exp(eta * a_i) normalized,
 * and the sampling weights as an exponential moving average of those.
 */
public record MixtureUpdate(double learningRate, double ema) {
  /** The updated weights: a domain that aligns better with the target gains weight; one of weight 0 stays at 0. */
  public double[] exponentiated(double[] alpha, double[] alignment) {
    double maxExponent = Double.NEGATIVE_INFINITY;
    for (double a : alignment) {
      maxExponent = Math.max(maxExponent, learningRate * a);
    }
    double[] next = new double[alpha.length];
    double sum = 0;
    for (int i = 0; i < alpha.length; i++) {
      // Shifting every exponent by the largest keeps exp finite and cancels in the normalization.
      next[i] = alpha[i] * Math.exp(learningRate * alignment[i] - maxExponent);
      sum += next[i];
    }
    for (int i = 0; i < next.length; i++) {
      next[i] /= sum;
    }
    return next;
  }

  /** {@code ema * previous + (1 - ema) * updated}, the weights batches are drawn from. */
  public double[] smoothed(double[] previous, double[] updated) {
    double[] sampling = new double[previous.length];
    for (int i = 0; i < sampling.length; i++) {
      sampling[i] = ema * previous[i] + (1 - ema) * updated[i];
    }
    return sampling;
  }
}
