package dev.pedigree.workers.engine.scaling;

/** L(N, D) = E + A / N^alpha + B / D^beta (Hoffmann et al. 2022, "Chinchilla", approach 3). */
public record ScalingLaw(double irreducible, double a, double alpha, double b, double beta) {
  public double predict(double parameters, double tokens) {
    return irreducible + a / Math.pow(parameters, alpha) + b / Math.pow(tokens, beta);
  }

  /** The law whose logarithms of E, A, B and whose exponents are {@code θ = (log A, log B, log E, α, β)}. */
  static ScalingLaw ofLogs(double[] theta) {
    return new ScalingLaw(Math.exp(theta[2]), Math.exp(theta[0]), theta[3], Math.exp(theta[1]), theta[4]);
  }

  double[] logs() {
    return new double[] {Math.log(a), Math.log(b), Math.log(irreducible), alpha, beta};
  }
}
