package dev.pedigree.workers.engine.selection;

import java.util.Arrays;

/** Pearson's correlation; the platform's sweep page reads parameters against their objective with it too. */
public final class PearsonCorrelation {
  private PearsonCorrelation() {}

  /** In [-1, 1]; 0 when either side is constant. */
  public static double of(double[] x, double[] y) {
    double meanX = Arrays.stream(x).average().orElse(0);
    double meanY = Arrays.stream(y).average().orElse(0);
    double covariance = 0;
    double varianceX = 0;
    double varianceY = 0;
    for (int i = 0; i < x.length; i++) {
      covariance += (x[i] - meanX) * (y[i] - meanY);
      varianceX += (x[i] - meanX) * (x[i] - meanX);
      varianceY += (y[i] - meanY) * (y[i] - meanY);
    }
    return varianceX == 0 || varianceY == 0 ? 0 : covariance / Math.sqrt(varianceX * varianceY);
  }
}
