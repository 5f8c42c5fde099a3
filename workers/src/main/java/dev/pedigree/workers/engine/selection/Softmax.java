package dev.pedigree.workers.engine.selection;

/** exp(x_i) / Σ_j exp(x_j), computed with the largest value subtracted so that no exponent overflows. */
final class Softmax {
  private Softmax() {}

  static double[] of(double[] scores) {
    double max = Double.NEGATIVE_INFINITY;
    for (double score : scores) {
      max = Math.max(max, score);
    }
    double sum = 0;
    double[] weights = new double[scores.length];
    for (int i = 0; i < scores.length; i++) {
      weights[i] = Math.exp(scores[i] - max);
      sum += weights[i];
    }
    for (int i = 0; i < weights.length; i++) {
      weights[i] /= sum;
    }
    return weights;
  }
}
