package dev.pedigree.workers.engine.scaling;

import java.util.Arrays;
import java.util.Comparator;
import java.util.function.ToDoubleFunction;

/**
 * The Nelder–Mead simplex method (reflection 1, expansion 2, contraction and shrink ½): a derivative-free local
 * minimizer, which suits the Huber objective of {@link ScalingLawFit} (its second derivative jumps at ±δ).
 */
final class NelderMead {
  /** Where a search ended and the objective there. */
  record Minimum(double[] point, double value) {}

  private NelderMead() {}

  /**
   * Searches from {@code start} with a first simplex of edges {@code step} along each axis, until the values of the
   * simplex's corners differ by at most {@code tolerance} or {@code maxEvaluations} are spent.
   */
  static Minimum minimize(ToDoubleFunction<double[]> objective, double[] start, double step, double tolerance,
      int maxEvaluations) {
    int n = start.length;
    double[][] corners = new double[n + 1][];
    double[] values = new double[n + 1];
    for (int i = 0; i <= n; i++) {
      corners[i] = start.clone();
      if (i > 0) {
        corners[i][i - 1] += step;
      }
      values[i] = objective.applyAsDouble(corners[i]);
    }
    int evaluations = n + 1;
    Integer[] order = new Integer[n + 1];
    while (evaluations < maxEvaluations) {
      for (int i = 0; i <= n; i++) {
        order[i] = i;
      }
      Arrays.sort(order, Comparator.comparingDouble(i -> values[i]));
      int best = order[0];
      int worst = order[n];
      int secondWorst = order[n - 1];
      if (values[worst] - values[best] <= tolerance) {
        break;
      }
      double[] centroid = new double[n];
      for (int i = 0; i <= n; i++) {
        if (i != worst) {
          for (int k = 0; k < n; k++) {
            centroid[k] += corners[i][k] / n;
          }
        }
      }
      double[] reflected = along(centroid, corners[worst], -1);
      double reflectedValue = objective.applyAsDouble(reflected);
      evaluations++;
      if (reflectedValue < values[best]) {
        double[] expanded = along(centroid, corners[worst], -2);
        double expandedValue = objective.applyAsDouble(expanded);
        evaluations++;
        boolean expandedBetter = expandedValue < reflectedValue;
        corners[worst] = expandedBetter ? expanded : reflected;
        values[worst] = expandedBetter ? expandedValue : reflectedValue;
      } else if (reflectedValue < values[secondWorst]) {
        corners[worst] = reflected;
        values[worst] = reflectedValue;
      } else {
        boolean outside = reflectedValue < values[worst];
        double[] contracted = along(centroid, corners[worst], outside ? -0.5 : 0.5);
        double contractedValue = objective.applyAsDouble(contracted);
        evaluations++;
        if (contractedValue < Math.min(values[worst], reflectedValue)) {
          corners[worst] = contracted;
          values[worst] = contractedValue;
        } else {
          for (int i = 0; i <= n; i++) {
            if (i != best) {
              corners[i] = along(corners[best], corners[i], 0.5);
              values[i] = objective.applyAsDouble(corners[i]);
            }
          }
          evaluations += n;
        }
      }
    }
    int best = 0;
    for (int i = 1; i <= n; i++) {
      best = values[i] < values[best] ? i : best;
    }
    return new Minimum(corners[best], values[best]);
  }

  /** {@code from + t (to − from)}. */
  private static double[] along(double[] from, double[] to, double t) {
    double[] point = new double[from.length];
    for (int k = 0; k < from.length; k++) {
      point[k] = from[k] + t * (to[k] - from[k]);
    }
    return point;
  }
}
