package dev.pedigree.workers.engine.selection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class MixtureUpdateTest {
  private static final double LN2 = Math.log(2);

  @Test
  void aDomainAlignedWithTheTargetGainsWeight() {
    // 0.5 * e^0, 0.25 * e^ln2, 0.25 * e^-ln2 = 0.5, 0.5, 0.125; normalized by 1.125
    double[] updated = new MixtureUpdate(1.0, 0.9).exponentiated(new double[] {0.5, 0.25, 0.25},
        new double[] {0, LN2, -LN2});
    assertThat(updated).containsExactly(new double[] {4 / 9.0, 4 / 9.0, 1 / 9.0}, within(1e-12));
    // eta scales the alignment: eta 2 on half the alignment is the same step
    assertThat(new MixtureUpdate(2.0, 0.9).exponentiated(new double[] {0.5, 0.25, 0.25},
        new double[] {0, LN2 / 2, -LN2 / 2})).containsExactly(updated, within(1e-12));
  }

  @Test
  void samplingWeightsAreAnExponentialMovingAverage() {
    double[] sampling = new MixtureUpdate(1.0, 0.9).smoothed(new double[] {0.5, 0.25, 0.25},
        new double[] {4 / 9.0, 4 / 9.0, 1 / 9.0});
    assertThat(sampling).containsExactly(new double[] {0.494444, 0.269444, 0.236111}, within(1e-6));
    assertThat(sampling[0] + sampling[1] + sampling[2]).isCloseTo(1.0, within(1e-12));
  }

  @Test
  void aDroppedDomainStaysDroppedAndLargeAlignmentsStayFinite() {
    assertThat(new MixtureUpdate(1000.0, 0).exponentiated(new double[] {0, 0.5, 0.5}, new double[] {1, 1, 0.5}))
        .containsExactly(new double[] {0.0, 1.0, 0.0}, within(1e-12));
  }

  @Test
  void samplesPickDomainsByCumulativeWeight() {
    double[] weights = {0.25, 0.0, 0.75};
    assertThat(MixtureSampler.pick(weights, 0.0)).isZero();
    assertThat(MixtureSampler.pick(weights, 0.2499)).isZero();
    assertThat(MixtureSampler.pick(weights, 0.25)).isEqualTo(2);
    assertThat(MixtureSampler.pick(weights, 0.9999999)).isEqualTo(2);
  }
}
