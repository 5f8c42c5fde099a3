package dev.pedigree.workers.engine.selection;

import dev.pedigree.workers.engine.data.SplitMix64;
import java.util.List;

/**
 * Logistic regression over hashed n-gram features (what fastText's classifier amounts to), fitted by plain SGD on the
 * log loss, one example at a time in an order shuffled per epoch from the seed: the same inputs give the same weights.
 */
record LogisticScorer(double[] weights, double bias) {
  static LogisticScorer fit(List<NgramFeatures> examples, boolean[] positive, int epochs, double learningRate,
      long seed) {
    double[] weights = new double[NgramFeatures.BUCKETS];
    double bias = 0;
    int[] order = new int[examples.size()];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    for (int epoch = 0; epoch < epochs; epoch++) {
      SeededShuffle.shuffle(order, SplitMix64.forStream(seed, epoch));
      for (int index : order) {
        NgramFeatures example = examples.get(index);
        double error = sigmoid(example.dot(weights) + bias) - (positive[index] ? 1 : 0);
        for (int i = 0; i < example.buckets().length; i++) {
          weights[example.buckets()[i]] -= learningRate * error * example.values()[i];
        }
        bias -= learningRate * error;
      }
    }
    return new LogisticScorer(weights, bias);
  }

  /** The probability that {@code features} are of the positive class. */
  double score(NgramFeatures features) {
    return sigmoid(features.dot(weights) + bias);
  }

  private static double sigmoid(double logit) {
    return 1 / (1 + Math.exp(-logit));
  }
}
