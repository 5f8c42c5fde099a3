package dev.pedigree.workers.engine.scaling;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Fits {@link ScalingLaw} to finished runs as Chinchilla's approach 3 does: minimize the Huber loss (δ = 10⁻³) of the
 * residuals {@code log L̂ − log L}, with {@code log L̂ = LSE(log A − α log N, log B − β log D, log E)}, from each
 * point of a grid of starting values, and keep the best. Log-space residuals weigh each run by its relative error;
 * the small δ makes the loss close to absolute error, so one bad run moves the fit little.
 */
public final class ScalingLawFit {
  public static final double HUBER_DELTA = 1e-3;
  private static final double[] LOG_COEFFICIENTS = {0, 5, 10, 15};
  private static final double[] LOG_IRREDUCIBLE = {-1, 0, 1};
  private static final double[] EXPONENTS = {0.2, 0.5, 1.0};
  private static final double GRID_STEP = 0.5;
  private static final double REFINE_STEP = 0.05;
  private static final double TOLERANCE = 1e-13;
  private static final int MAX_EVALUATIONS = 3000;

  private final double[] logParameters;
  private final double[] logTokens;
  private final double[] logLosses;

  private ScalingLawFit(List<ScalingPoint> points) {
    logParameters = points.stream().mapToDouble(point -> Math.log(point.parameters())).toArray();
    logTokens = points.stream().mapToDouble(point -> Math.log(point.tokens())).toArray();
    logLosses = points.stream().mapToDouble(point -> Math.log(point.loss())).toArray();
  }

  /** Why {@code points} cannot be fitted, if they cannot: too few runs, sizes or token counts. */
  public static Optional<String> shortfall(List<ScalingPoint> points) {
    Coverage coverage = Coverage.of(points);
    if (coverage.fittable()) {
      return Optional.empty();
    }
    return Optional.of(String.format(Locale.ROOT,
        "has %d run(s) at %d distinct size(s) N and %d distinct token count(s) D; a fit needs at least %d runs, %d"
            + " sizes and %d token counts",
        coverage.runs(), coverage.sizes(), coverage.tokenCounts(), Coverage.MINIMUM.runs(), Coverage.MINIMUM.sizes(),
        Coverage.MINIMUM.tokenCounts()));
  }

  /** The best law over the grid of starting points; {@code points} must pass {@link #shortfall}. */
  public static ScalingLaw fit(List<ScalingPoint> points) {
    shortfall(points).ifPresent(problem -> {
      throw new IllegalArgumentException("the points " + problem);
    });
    ScalingLawFit fit = new ScalingLawFit(points);
    NelderMead.Minimum best = null;
    for (double a : LOG_COEFFICIENTS) {
      for (double b : LOG_COEFFICIENTS) {
        for (double e : LOG_IRREDUCIBLE) {
          for (double alpha : EXPONENTS) {
            for (double beta : EXPONENTS) {
              NelderMead.Minimum found = fit.search(new double[] {a, b, e, alpha, beta}, GRID_STEP);
              best = best == null || found.value() < best.value() ? found : best;
            }
          }
        }
      }
    }
    return ScalingLaw.ofLogs(fit.search(best.point(), REFINE_STEP).point());
  }

  /** A fit of {@code points} from {@code start} alone: the bootstrap refits each resample so. */
  static ScalingLaw refit(List<ScalingPoint> points, ScalingLaw start) {
    ScalingLawFit fit = new ScalingLawFit(points);
    NelderMead.Minimum found = fit.search(start.logs(), GRID_STEP);
    return ScalingLaw.ofLogs(fit.search(found.point(), REFINE_STEP).point());
  }

  /** The Huber objective of {@code law} on {@code points}. */
  static double objective(List<ScalingPoint> points, ScalingLaw law) {
    return new ScalingLawFit(points).objective(law.logs());
  }

  private NelderMead.Minimum search(double[] start, double step) {
    return NelderMead.minimize(this::objective, start, step, TOLERANCE, MAX_EVALUATIONS);
  }

  private double objective(double[] theta) {
    double sum = 0;
    for (int i = 0; i < logLosses.length; i++) {
      double predicted = logSumExp(theta[0] - theta[3] * logParameters[i], theta[1] - theta[4] * logTokens[i],
          theta[2]);
      sum += huber(predicted - logLosses[i]);
    }
    return sum;
  }

  private static double logSumExp(double x, double y, double z) {
    double max = Math.max(x, Math.max(y, z));
    return max + Math.log(Math.exp(x - max) + Math.exp(y - max) + Math.exp(z - max));
  }

  static double huber(double residual) {
    double size = Math.abs(residual);
    return size <= HUBER_DELTA ? 0.5 * residual * residual : HUBER_DELTA * (size - 0.5 * HUBER_DELTA);
  }
}
