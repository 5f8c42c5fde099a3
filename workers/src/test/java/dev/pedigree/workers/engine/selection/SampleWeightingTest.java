package dev.pedigree.workers.engine.selection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** Losses 1, 2, 3 normalize to -1, 0, 1 with delta 1; the expected weights are worked out by hand with e = 2.71828. */
class SampleWeightingTest {
  private static final double[] LOSSES = {1.0, 2.0, 3.0};
  private static final double E = Math.E;

  @Test
  void linUpperGivesTheLowestLossLessWeightAndCapsTheRest() {
    // scores min(x + 1, 1) = 0, 1, 1: weights 1, e, e over 1 + 2e
    assertThat(new SampleWeighting("linupper", 1, 1).weights(LOSSES)).containsExactly(
        new double[] {1 / (1 + 2 * E), E / (1 + 2 * E), E / (1 + 2 * E)}, within(1e-12));
    assertThat(new SampleWeighting("linupper", 1, 1).weights(LOSSES)[0]).isCloseTo(0.155362, within(1e-6));
  }

  @Test
  void quadraticFavoursTheMiddleAndExtremesTheEnds() {
    // scores 1 - x^2 = 0, 1, 0
    assertThat(new SampleWeighting("quadratic", 1, 1).weights(LOSSES)).containsExactly(
        new double[] {0.211942, 0.576117, 0.211942}, within(1e-6));
    // scores |x| = 1, 0, 1
    assertThat(new SampleWeighting("extremes", 1, 1).weights(LOSSES)).containsExactly(
        new double[] {0.422319, 0.155362, 0.422319}, within(1e-6));
  }

  @Test
  void aLowerTemperatureSharpensTheWeights() {
    // scores 0, 2, 2 after dividing by 0.5: weights 1, e^2, e^2 over 1 + 2e^2
    assertThat(new SampleWeighting("linupper", 1, 0.5).weights(LOSSES)).containsExactly(
        new double[] {0.063379, 0.468311, 0.468311}, within(1e-6));
  }

  @Test
  void deltaScalesTheNormalizedRangeAndOrderDoesNotMatter() {
    // delta 2: normalized 2, -2, 0; linupper min(x + 2, 2) = 2, 0, 2
    double[] weights = new SampleWeighting("linupper", 2, 1).weights(new double[] {5.0, 1.0, 3.0});
    double total = 2 * E * E + 1;
    assertThat(weights).containsExactly(new double[] {E * E / total, 1 / total, E * E / total}, within(1e-12));
  }

  @Test
  void equalLossesGetEqualWeights() {
    assertThat(new SampleWeighting("extremes", 1, 1).weights(new double[] {2.5, 2.5, 2.5, 2.5}))
        .containsExactly(0.25, 0.25, 0.25, 0.25);
  }
}
