package dev.pedigree.workers.engine.merge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class TransferMatrixTest {
  @Test
  void changeIsTheFineTunedLossMinusTheBaseLossOfTheTargetTask() {
    TransferMatrix transfer = TransferMatrix.of(new double[] {2.0, 1.0},
        new double[][] {{0.5, 1.5}, {1.8, 0.2}});

    assertThat(transfer.size()).isEqualTo(2);
    assertThat(transfer.at(0, 0)).isCloseTo(-1.5, within(1e-12));
    assertThat(transfer.at(0, 1)).isCloseTo(0.5, within(1e-12));
    assertThat(transfer.at(1, 0)).isCloseTo(-0.2, within(1e-12));
    assertThat(transfer.at(1, 1)).isCloseTo(-0.8, within(1e-12));
  }

  @Test
  void asymmetryIsTheLargestGapBetweenTheTwoWaysOfAPair() {
    TransferMatrix transfer = TransferMatrix.of(new double[] {0, 0, 0},
        new double[][] {{-1, 0.3, -0.2}, {-0.1, -1, 0.0}, {-0.2, 0.6, -1}});

    assertThat(transfer.asymmetry()).isCloseTo(0.6, within(1e-12));
    assertThat(TransferMatrix.of(new double[] {1}, new double[][] {{0.5}}).asymmetry()).isZero();
  }

  @Test
  void aPairIsMutuallyHelpfulOnlyWhenNeitherWayRaisesTheLoss() {
    TransferMatrix transfer = TransferMatrix.of(new double[] {0, 0, 0},
        new double[][] {{-1, -0.1, 0.2}, {0.0, -1, -0.3}, {-0.4, -0.3, -1}});

    assertThat(transfer.mutuallyHelpful(0, 1)).isTrue();
    assertThat(transfer.mutuallyHelpful(1, 0)).isTrue();
    assertThat(transfer.mutuallyHelpful(0, 2)).isFalse();
    assertThat(transfer.mutuallyHelpful(1, 2)).isTrue();
  }

  @Test
  void rejectsAFineTuneCountOrRowThatDoesNotMatchTheTasks() {
    assertThatThrownBy(() -> TransferMatrix.of(new double[] {1, 1}, new double[][] {{1, 1}}))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> TransferMatrix.of(new double[] {1, 1}, new double[][] {{1, 1}, {1}}))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
