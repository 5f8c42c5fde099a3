package dev.pedigree.api.sweep;

/** The standard normal distribution's CDF, which the JDK lacks. */
final class Normal {
  private Normal() {}

  /** Φ(z) = (1 + erf(z / √2)) / 2, erf by Abramowitz and Stegun's formula 7.1.26 (absolute error below 1.5e-7). */
  static double cdf(double z) {
    double x = Math.abs(z) / Math.sqrt(2);
    double t = 1 / (1 + 0.3275911 * x);
    double polynomial = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027
        + t * 1.061405429))));
    double erf = 1 - polynomial * Math.exp(-x * x);
    return z >= 0 ? (1 + erf) / 2 : (1 - erf) / 2;
  }
}
