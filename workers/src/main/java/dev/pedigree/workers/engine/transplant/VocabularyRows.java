package dev.pedigree.workers.engine.transplant;

import dev.pedigree.workers.engine.tokenizer.VocabularyMatch;
import java.util.stream.IntStream;

/**
 * One vocabulary matrix (the embedding, or an untied LM head) rebuilt for a new tokenizer: shared tokens copy the
 * base's row, the others get their {@link TransplantInit} row.
 *
 * <p>TokenAdapt's paper finds a new token's neighbours in an external text-embedding model's space and weights its
 * subword pieces by their similarity there too. We have no such model, so the neighbours come from the donor's
 * embedding space (as OMP's anchors do), among the shared tokens only, the only ones with both a donor and a base
 * row; and the local estimate is the plain subword mean, since most pieces have no donor row to be compared by.
 *
 * @param rows one row per new token, the base's width
 * @param meanRelativeResidual for OMP, the mean over new tokens of |donor row − its approximation| / |donor row|: how
 *     well the anchors span the donor's new rows; NaN for the other inits or when no token is new
 */
public record VocabularyRows(float[][] rows, double meanRelativeResidual) {
  /**
   * @param baseRows the base's rows, one per base token
   * @param donorRows the donor's rows, one per new token (any width)
   */
  public static VocabularyRows build(float[][] baseRows, float[][] donorRows, VocabularyMatch match,
      TransplantSettings settings) {
    TransplantInit init = settings.init();
    int width = baseRows[0].length;
    float[][] rows = new float[match.newVocabSize()][];
    float[] mean = init == TransplantInit.MEAN ? meanOf(baseRows, IntStream.range(0, baseRows.length).toArray()) : null;
    int[] anchors = match.sharedNewIds();
    double[][] dictionary = null;
    if (init == TransplantInit.OMP || init == TransplantInit.TOKEN_ADAPT) {
      dictionary = new double[anchors.length][];
      for (int i = 0; i < anchors.length; i++) {
        dictionary[i] = toDouble(donorRows[anchors[i]]);
      }
    }
    OrthogonalMatchingPursuit pursuit = init == TransplantInit.OMP ? new OrthogonalMatchingPursuit(dictionary) : null;
    NearestNeighbours neighbours = init == TransplantInit.TOKEN_ADAPT ? new NearestNeighbours(dictionary) : null;
    double residualSum = 0;
    int approximated = 0;
    for (int id = 0; id < rows.length; id++) {
      if (match.isShared(id)) {
        rows[id] = baseRows[match.oldIds()[id]].clone();
        continue;
      }
      rows[id] = switch (init) {
        case ZERO -> new float[width];
        case MEAN -> mean.clone();
        case SUBWORD_MEAN -> meanOf(baseRows, match.oldEncodings()[id]);
        case OMP -> {
          double[] target = toDouble(donorRows[id]);
          OrthogonalMatchingPursuit.Approximation approximation = pursuit.approximate(target, settings.k());
          double norm = Math.sqrt(dotSelf(target));
          residualSum += norm == 0 ? 0 : approximation.residualNorm() / norm;
          approximated++;
          yield combination(baseRows, anchors, match, approximation.atoms(), approximation.coefficients(), width);
        }
        case TOKEN_ADAPT -> {
          NearestNeighbours.Neighbours nearest =
              neighbours.nearest(toDouble(donorRows[id]), settings.k(), settings.temperature());
          float[] global = combination(baseRows, anchors, match, nearest.atoms(), nearest.weights(), width);
          float[] local = meanOf(baseRows, match.oldEncodings()[id]);
          yield mix(global, local, settings.globalWeight());
        }
      };
    }
    return new VocabularyRows(rows, approximated == 0 ? Double.NaN : residualSum / approximated);
  }

  /** {@code Σ coefficients[j] ·} the base row of anchor {@code atoms[j]}. */
  private static float[] combination(float[][] baseRows, int[] anchors, VocabularyMatch match, int[] atoms,
      double[] coefficients, int width) {
    double[] sum = new double[width];
    for (int j = 0; j < atoms.length; j++) {
      float[] baseRow = baseRows[match.oldIds()[anchors[atoms[j]]]];
      for (int d = 0; d < width; d++) {
        sum[d] += coefficients[j] * baseRow[d];
      }
    }
    return toFloat(sum);
  }

  /** {@code weight · a + (1 − weight) · b}. */
  private static float[] mix(float[] a, float[] b, double weight) {
    double[] sum = new double[a.length];
    for (int d = 0; d < a.length; d++) {
      sum[d] = weight * a[d] + (1 - weight) * b[d];
    }
    return toFloat(sum);
  }

  private static float[] meanOf(float[][] rows, int[] ids) {
    double[] sum = new double[rows[0].length];
    for (int id : ids) {
      for (int d = 0; d < sum.length; d++) {
        sum[d] += rows[id][d];
      }
    }
    for (int d = 0; d < sum.length; d++) {
      sum[d] /= ids.length;
    }
    return toFloat(sum);
  }

  private static double dotSelf(double[] values) {
    double sum = 0;
    for (double value : values) {
      sum += value * value;
    }
    return sum;
  }

  private static double[] toDouble(float[] values) {
    double[] doubles = new double[values.length];
    for (int i = 0; i < values.length; i++) {
      doubles[i] = values[i];
    }
    return doubles;
  }

  private static float[] toFloat(double[] values) {
    float[] floats = new float[values.length];
    for (int i = 0; i < values.length; i++) {
      floats[i] = (float) values[i];
    }
    return floats;
  }
}
