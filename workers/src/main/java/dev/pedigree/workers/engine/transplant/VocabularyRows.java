package dev.pedigree.workers.engine.transplant;

import dev.pedigree.workers.engine.tokenizer.VocabularyMatch;
import java.util.stream.IntStream;

/**
 * One vocabulary matrix (the embedding, or an untied LM head) rebuilt for a new tokenizer: shared tokens copy the
 * base's row, the others get their {@link TransplantInit} row.
 *
 * @param rows one row per new token, the base's width
 * @param meanRelativeResidual for OMP, the mean over new tokens of |donor row − its approximation| / |donor row|: how
 *     well the anchors span the donor's new rows; NaN for the other inits or when no token is new
 */
public record VocabularyRows(float[][] rows, double meanRelativeResidual) {
  /**
   * @param baseRows the base's rows, one per base token
   * @param donorRows the donor's rows, one per new token (any width)
   * @param k OMP's atom budget
   */
  public static VocabularyRows build(float[][] baseRows, float[][] donorRows, VocabularyMatch match,
      TransplantInit init, int k) {
    int width = baseRows[0].length;
    float[][] rows = new float[match.newVocabSize()][];
    float[] mean = init == TransplantInit.MEAN ? meanOf(baseRows, IntStream.range(0, baseRows.length).toArray()) : null;
    OrthogonalMatchingPursuit pursuit = null;
    int[] anchors = match.sharedNewIds();
    if (init == TransplantInit.OMP) {
      double[][] dictionary = new double[anchors.length][];
      for (int i = 0; i < anchors.length; i++) {
        dictionary[i] = toDouble(donorRows[anchors[i]]);
      }
      pursuit = new OrthogonalMatchingPursuit(dictionary);
    }
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
          OrthogonalMatchingPursuit.Approximation approximation = pursuit.approximate(target, k);
          double norm = Math.sqrt(dotSelf(target));
          residualSum += norm == 0 ? 0 : approximation.residualNorm() / norm;
          approximated++;
          yield combination(baseRows, anchors, match, approximation, width);
        }
      };
    }
    return new VocabularyRows(rows, approximated == 0 ? Double.NaN : residualSum / approximated);
  }

  /** The approximation's coefficients applied to its anchors' base rows. */
  private static float[] combination(float[][] baseRows, int[] anchors, VocabularyMatch match,
      OrthogonalMatchingPursuit.Approximation approximation, int width) {
    double[] sum = new double[width];
    for (int j = 0; j < approximation.atoms().length; j++) {
      float[] baseRow = baseRows[match.oldIds()[anchors[approximation.atoms()[j]]]];
      double coefficient = approximation.coefficients()[j];
      for (int d = 0; d < width; d++) {
        sum[d] += coefficient * baseRow[d];
      }
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
