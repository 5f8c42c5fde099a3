package dev.pedigree.workers.engine.transplant;

import java.util.Comparator;
import java.util.stream.IntStream;

/**
 * TokenAdapt's global heuristic over a fixed set of atoms: the {@code k} atoms with the largest cosine similarity to a
 * target, weighted by {@code softmax(similarity / temperature)}. A zero vector is dissimilar (cosine 0) to everything;
 * equal similarities go to the lower index, so the choice is deterministic.
 */
final class NearestNeighbours {
  private final double[][] atoms;
  private final double[] norms;

  /** @param atoms one per row, all of one dimension */
  NearestNeighbours(double[][] atoms) {
    if (atoms.length == 0) {
      throw new IllegalArgumentException("there are no atoms to choose neighbours from");
    }
    this.atoms = atoms;
    this.norms = new double[atoms.length];
    for (int i = 0; i < atoms.length; i++) {
      norms[i] = Math.sqrt(dot(atoms[i], atoms[i]));
    }
  }

  /**
   * @param atoms indices of the chosen atoms, most similar first
   * @param weights their softmax weights, summing to 1
   */
  record Neighbours(int[] atoms, double[] weights) {}

  /** The {@code min(k, atoms)} nearest atoms. */
  Neighbours nearest(double[] target, int k, double temperature) {
    double targetNorm = Math.sqrt(dot(target, target));
    double[] cosines = new double[atoms.length];
    for (int i = 0; i < atoms.length; i++) {
      double denominator = targetNorm * norms[i];
      cosines[i] = denominator == 0 ? 0 : dot(atoms[i], target) / denominator;
    }
    int[] chosen = IntStream.range(0, atoms.length).boxed()
        .sorted(Comparator.<Integer>comparingDouble(i -> -cosines[i]).thenComparingInt(i -> i))
        .limit(k).mapToInt(Integer::intValue).toArray();
    double[] weights = new double[chosen.length];
    double sum = 0;
    for (int j = 0; j < chosen.length; j++) { // the largest similarity comes first: subtract it so exp stays ≤ 1
      weights[j] = Math.exp((cosines[chosen[j]] - cosines[chosen[0]]) / temperature);
      sum += weights[j];
    }
    for (int j = 0; j < chosen.length; j++) {
      weights[j] /= sum;
    }
    return new Neighbours(chosen, weights);
  }

  private static double dot(double[] a, double[] b) {
    double sum = 0;
    for (int i = 0; i < a.length; i++) {
      sum += a[i] * b[i];
    }
    return sum;
  }
}
