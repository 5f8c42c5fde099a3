package dev.pedigree.api.sweep;

import java.util.Arrays;
import java.util.Comparator;
import java.util.Random;
import java.util.stream.IntStream;

/**
 * The impurity-decrease feature importance of a small random forest of regression trees (Breiman's mean decrease in
 * impurity, which scikit-learn's random forest reports and W&B's sweep page shows). Each tree grows on a bootstrap
 * sample to depth {@value #MAX_DEPTH}, every node taking the split, over all features, at the midpoint between two
 * neighbouring values that lowers the squared error most; each split credits its feature with that decrease. A tree's
 * credits are normalized to sum to 1, averaged over the trees that split at all, and normalized again.
 */
final class RegressionForest {
  static final int TREES = 64;
  static final int MAX_DEPTH = 4;
  /** Decreases below this share of a tree's total squared error are rounding, not a split. */
  private static final double NEGLIGIBLE = 1e-12;

  private final double[][] features;
  private final double[] target;
  /** Per feature, the samples sorted by its value: every node walks them in this order. */
  private final int[][] order;

  /**
   * @param features by sample, then feature
   * @param target one value per sample
   */
  private RegressionForest(double[][] features, double[] target) {
    this.features = features;
    double mean = Arrays.stream(target).average().orElse(0);
    // Centred, so that the sums of squares stay small and their differences exact enough.
    this.target = Arrays.stream(target).map(value -> value - mean).toArray();
    int width = features.length == 0 ? 0 : features[0].length;
    this.order = new int[width][];
    for (int feature = 0; feature < width; feature++) {
      int f = feature;
      order[feature] = IntStream.range(0, features.length).boxed()
          .sorted(Comparator.comparingDouble(sample -> features[sample][f]))
          .mapToInt(Integer::intValue).toArray();
    }
  }

  /**
   * @return one importance per feature, summing to 1; all 0 when no tree could split (a constant target)
   */
  static double[] importances(double[][] features, double[] target, long seed) {
    return new RegressionForest(features, target).fit(new Random(seed));
  }

  private double[] fit(Random random) {
    double[] total = new double[order.length];
    if (Arrays.stream(target).distinct().count() < 2) {
      return total;
    }
    int splitting = 0;
    for (int tree = 0; tree < TREES; tree++) {
      double[] credit = grow(bootstrap(random));
      if (normalize(credit)) {
        splitting++;
        for (int feature = 0; feature < total.length; feature++) {
          total[feature] += credit[feature];
        }
      }
    }
    if (splitting > 0) {
      normalize(total);
    }
    return total;
  }

  /** How often each sample is drawn into the tree's sample, as many draws as samples, with replacement. */
  private int[] bootstrap(Random random) {
    int[] weights = new int[target.length];
    for (int draw = 0; draw < target.length; draw++) {
      weights[random.nextInt(target.length)]++;
    }
    return weights;
  }

  private double[] grow(int[] weights) {
    double[] credit = new double[order.length];
    boolean[] root = new boolean[target.length];
    for (int sample = 0; sample < target.length; sample++) {
      root[sample] = weights[sample] > 0;
    }
    Node node = new Node(root, weights);
    split(node, 0, NEGLIGIBLE * node.squaredError(), credit);
    return credit;
  }

  private void split(Node node, int depth, double negligible, double[] credit) {
    if (depth == MAX_DEPTH) {
      return;
    }
    Split best = null;
    for (int feature = 0; feature < order.length; feature++) {
      Split split = node.bestSplit(feature);
      if (split != null && split.decrease() > negligible && (best == null || split.decrease() > best.decrease())) {
        best = split;
      }
    }
    if (best == null) {
      return;
    }
    credit[best.feature()] += best.decrease();
    boolean[] left = new boolean[target.length];
    boolean[] right = new boolean[target.length];
    for (int sample = 0; sample < target.length; sample++) {
      if (node.members()[sample]) {
        (features[sample][best.feature()] <= best.threshold() ? left : right)[sample] = true;
      }
    }
    split(new Node(left, node.weights()), depth + 1, negligible, credit);
    split(new Node(right, node.weights()), depth + 1, negligible, credit);
  }

  /** Scales {@code values} to sum to 1; false, leaving them, when they sum to 0. */
  private static boolean normalize(double[] values) {
    double sum = Arrays.stream(values).sum();
    if (sum <= 0) {
      return false;
    }
    for (int i = 0; i < values.length; i++) {
      values[i] /= sum;
    }
    return true;
  }

  private record Split(int feature, double threshold, double decrease) {}

  /** The samples a node holds, each counted as often as the bootstrap drew it. */
  private final class Node {
    private final boolean[] members;
    private final int[] weights;
    private final Sums all = new Sums();

    Node(boolean[] members, int[] weights) {
      this.members = members;
      this.weights = weights;
      for (int sample = 0; sample < members.length; sample++) {
        if (members[sample]) {
          all.add(weights[sample], target[sample]);
        }
      }
    }

    boolean[] members() {
      return members;
    }

    int[] weights() {
      return weights;
    }

    double squaredError() {
      return all.squaredError();
    }

    /** The best split on one feature, or null when the node's samples all have the same value of it. */
    Split bestSplit(int feature) {
      Sums left = new Sums();
      double bestDecrease = Double.NEGATIVE_INFINITY;
      double threshold = Double.NaN;
      int previous = -1;
      for (int sample : order[feature]) {
        if (!members[sample]) {
          continue;
        }
        if (previous >= 0 && features[sample][feature] > features[previous][feature]) {
          double decrease = all.squaredError() - left.squaredError() - all.squaredErrorWithout(left);
          if (decrease > bestDecrease) {
            bestDecrease = decrease;
            threshold = (features[previous][feature] + features[sample][feature]) / 2;
          }
        }
        left.add(weights[sample], target[sample]);
        previous = sample;
      }
      return Double.isNaN(threshold) ? null : new Split(feature, threshold, bestDecrease);
    }
  }

  /** Running weighted sums of a set of target values, enough for their squared error about their mean. */
  private static final class Sums {
    private double weight;
    private double sum;
    private double sumOfSquares;

    void add(double w, double value) {
      weight += w;
      sum += w * value;
      sumOfSquares += w * value * value;
    }

    double squaredError() {
      return weight == 0 ? 0 : sumOfSquares - sum * sum / weight;
    }

    /** The squared error of the values in this set but not in {@code part}, a subset of it. */
    double squaredErrorWithout(Sums part) {
      double restWeight = weight - part.weight;
      double restSum = sum - part.sum;
      return restWeight == 0 ? 0 : sumOfSquares - part.sumOfSquares - restSum * restSum / restWeight;
    }
  }
}
