package dev.pedigree.workers.engine.transplant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

class OrthogonalMatchingPursuitTest {
  private static double[][] randomAtoms(int count, int dimension, long seed) {
    Random random = new Random(seed);
    double[][] atoms = new double[count][dimension];
    for (double[] atom : atoms) {
      for (int d = 0; d < dimension; d++) {
        atom[d] = random.nextGaussian();
      }
    }
    return atoms;
  }

  private static double[] combine(double[][] atoms, int[] chosen, double[] coefficients) {
    double[] sum = new double[atoms[0].length];
    for (int j = 0; j < chosen.length; j++) {
      for (int d = 0; d < sum.length; d++) {
        sum[d] += coefficients[j] * atoms[chosen[j]][d];
      }
    }
    return sum;
  }

  @Test
  void recoversASparseCombinationOfAtomsExactly() {
    double[][] atoms = randomAtoms(50, 20, 1);
    double[] target = combine(atoms, new int[] {3, 17, 40}, new double[] {2.0, -1.5, 0.5});

    OrthogonalMatchingPursuit.Approximation approximation = new OrthogonalMatchingPursuit(atoms).approximate(target, 8);

    assertThat(approximation.atoms()).containsExactlyInAnyOrder(3, 17, 40);
    for (int j = 0; j < 3; j++) {
      double expected = switch (approximation.atoms()[j]) {
        case 3 -> 2.0;
        case 17 -> -1.5;
        default -> 0.5;
      };
      assertThat(approximation.coefficients()[j]).isCloseTo(expected, within(1e-9));
    }
    assertThat(approximation.residualNorm()).isLessThan(1e-9);
  }

  @Test
  void leavesAResidualOrthogonalToEveryChosenAtom() {
    double[][] atoms = randomAtoms(40, 16, 2);
    double[] target = randomAtoms(1, 16, 3)[0];

    OrthogonalMatchingPursuit.Approximation approximation = new OrthogonalMatchingPursuit(atoms).approximate(target, 5);

    assertThat(approximation.atoms()).hasSize(5).doesNotHaveDuplicates();
    double[] approximated = combine(atoms, approximation.atoms(), approximation.coefficients());
    double[] residual = new double[target.length];
    double norm = 0;
    for (int d = 0; d < target.length; d++) {
      residual[d] = target[d] - approximated[d];
      norm += residual[d] * residual[d];
    }
    assertThat(Math.sqrt(norm)).isCloseTo(approximation.residualNorm(), within(1e-9)).isGreaterThan(0.1);
    for (int atom : approximation.atoms()) {
      double dot = 0;
      for (int d = 0; d < target.length; d++) {
        dot += atoms[atom][d] * residual[d];
      }
      assertThat(dot).isCloseTo(0, within(1e-9));
    }
  }

  @Test
  void picksTheAtomMostAlignedWithTheTargetFirstAndSkipsDependentAtoms() {
    double[][] atoms = {{1, 0, 0}, {2, 0, 0}, {0, 1, 0}, {1, 1, 0}};
    double[] target = {3, 0.5, 0};

    OrthogonalMatchingPursuit.Approximation approximation = new OrthogonalMatchingPursuit(atoms).approximate(target, 4);

    assertThat(approximation.atoms()[0]).isIn(0, 1);
    assertThat(approximation.atoms()).hasSize(2);
    assertThat(approximation.residualNorm()).isLessThan(1e-12);
    double[] approximated = combine(atoms, approximation.atoms(), approximation.coefficients());
    assertThat(approximated).containsExactly(new double[] {3, 0.5, 0}, within(1e-12));
  }
}
