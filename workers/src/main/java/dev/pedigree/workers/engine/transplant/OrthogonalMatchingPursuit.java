package dev.pedigree.workers.engine.transplant;

import java.util.ArrayList;
import java.util.List;

/**
 * Orthogonal Matching Pursuit over a fixed dictionary: a target vector approximated by at most {@code k} atoms, chosen
 * greedily as the atom most correlated with the residual (by cosine), with all chosen coefficients refitted by least
 * squares after each choice, so the residual stays orthogonal to every chosen atom. The refit keeps an orthonormal
 * basis of the chosen atoms (Gram–Schmidt, done twice for stability) and the triangular factor that maps coefficients
 * onto it, so each step costs one pass over the dictionary. Plain double arithmetic: the same inputs give the same
 * bits on every machine.
 */
public final class OrthogonalMatchingPursuit {
  /** Atoms whose remaining norm after orthogonalization falls below this share of their own norm are dependent. */
  private static final double DEPENDENT = 1e-10;

  private final double[][] atoms;
  private final double[] norms;

  /** @param atoms the dictionary, one atom per row, all of one dimension */
  public OrthogonalMatchingPursuit(double[][] atoms) {
    if (atoms.length == 0) {
      throw new IllegalArgumentException("the dictionary has no atoms");
    }
    this.atoms = atoms;
    this.norms = new double[atoms.length];
    for (int i = 0; i < atoms.length; i++) {
      if (atoms[i].length != atoms[0].length) {
        throw new IllegalArgumentException("atom " + i + " has dimension " + atoms[i].length + ", not "
            + atoms[0].length);
      }
      norms[i] = Math.sqrt(dot(atoms[i], atoms[i]));
    }
  }

  /**
   * The target as {@code Σ coefficients[j] · atoms[atoms[j]]}.
   *
   * @param atoms dictionary rows, in the order they were chosen
   * @param residualNorm the Euclidean norm of what the combination leaves of the target
   */
  public record Approximation(int[] atoms, double[] coefficients, double residualNorm) {}

  /** At most {@code k} atoms; fewer when the residual vanishes or no independent atom is left. */
  public Approximation approximate(double[] target, int k) {
    if (target.length != atoms[0].length) {
      throw new IllegalArgumentException("target has dimension " + target.length + ", atoms " + atoms[0].length);
    }
    double[] residual = target.clone();
    double tolerance = DEPENDENT * Math.sqrt(dot(target, target));
    List<Integer> chosen = new ArrayList<>();
    List<double[]> basis = new ArrayList<>();
    /* Column j of the triangular factor: atom j = Σ_i factor[j][i] · basis[i]. */
    List<double[]> factor = new ArrayList<>();
    boolean[] excluded = new boolean[atoms.length];
    while (chosen.size() < k && Math.sqrt(dot(residual, residual)) > tolerance) {
      int best = mostCorrelated(residual, excluded);
      if (best < 0) {
        break;
      }
      excluded[best] = true;
      double[] direction = atoms[best].clone();
      double[] projections = new double[basis.size() + 1];
      for (int pass = 0; pass < 2; pass++) {
        for (int i = 0; i < basis.size(); i++) {
          double projection = dot(basis.get(i), direction);
          projections[i] += projection;
          subtract(direction, projection, basis.get(i));
        }
      }
      double norm = Math.sqrt(dot(direction, direction));
      if (norm <= DEPENDENT * norms[best]) {
        continue;
      }
      for (int d = 0; d < direction.length; d++) {
        direction[d] /= norm;
      }
      projections[basis.size()] = norm;
      chosen.add(best);
      basis.add(direction);
      factor.add(projections);
      subtract(residual, dot(direction, residual), direction);
    }
    return new Approximation(chosen.stream().mapToInt(Integer::intValue).toArray(),
        coefficients(target, basis, factor), Math.sqrt(dot(residual, residual)));
  }

  /** Solves {@code R c = Qᵀ target} by back substitution, R upper triangular with the columns in {@code factor}. */
  private static double[] coefficients(double[] target, List<double[]> basis, List<double[]> factor) {
    int n = basis.size();
    double[] c = new double[n];
    for (int row = n - 1; row >= 0; row--) {
      double sum = dot(basis.get(row), target);
      for (int column = row + 1; column < n; column++) {
        sum -= factor.get(column)[row] * c[column];
      }
      c[row] = sum / factor.get(row)[row];
    }
    return c;
  }

  /** The atom with the largest |cosine| to the residual among those not excluded; -1 if none is left. */
  private int mostCorrelated(double[] residual, boolean[] excluded) {
    int best = -1;
    double bestScore = -1;
    for (int i = 0; i < atoms.length; i++) {
      if (excluded[i] || norms[i] == 0) {
        continue;
      }
      double score = Math.abs(dot(atoms[i], residual)) / norms[i];
      if (score > bestScore) {
        bestScore = score;
        best = i;
      }
    }
    return best;
  }

  private static double dot(double[] a, double[] b) {
    double sum = 0;
    for (int i = 0; i < a.length; i++) {
      sum += a[i] * b[i];
    }
    return sum;
  }

  /** {@code target -= scale · direction}. */
  private static void subtract(double[] target, double scale, double[] direction) {
    for (int i = 0; i < target.length; i++) {
      target[i] -= scale * direction[i];
    }
  }
}
