package dev.pedigree.workers.engine.scaling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class NelderMeadTest {
  @Test
  void findsTheMinimumOfRosenbrocksValley() {
    NelderMead.Minimum minimum = NelderMead.minimize(
        x -> 100 * Math.pow(x[1] - x[0] * x[0], 2) + Math.pow(1 - x[0], 2), new double[] {-1.2, 1}, 0.5, 1e-16, 5000);

    assertThat(minimum.point()[0]).isCloseTo(1.0, within(1e-4));
    assertThat(minimum.point()[1]).isCloseTo(1.0, within(1e-4));
    assertThat(minimum.value()).isLessThan(1e-8);
  }

  @Test
  void stopsWhenTheEvaluationsAreSpent() {
    int[] evaluations = {0};
    NelderMead.minimize(x -> {
      evaluations[0]++;
      return Math.abs(x[0]) + Math.abs(x[1] - 3);
    }, new double[] {50, -50}, 1, 0, 40);

    assertThat(evaluations[0]).isBetween(40, 42);
  }
}
