package dev.pedigree.workers.engine.selection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Quantiles worked out by hand: position (n - 1) p between the sorted weights, interpolated linearly. */
class SampleWeightQuantilesTest {
  @Test
  void interpolatesBetweenTheSortedWeightsWhateverTheirOrder() {
    // sorted 0.1 0.2 0.3 0.4: p10 at 0.3 -> 0.13, p50 at 1.5 -> 0.25, p90 at 2.7 -> 0.37
    Map<String, Double> metrics = SampleWeightQuantiles.of(new double[] {0.3, 0.1, 0.4, 0.2});

    assertThat(metrics).containsOnlyKeys("selection/sample_weight/p10", "selection/sample_weight/p50",
        "selection/sample_weight/p90", "selection/sample_weight/max");
    assertThat(metrics.get("selection/sample_weight/p10")).isCloseTo(0.13, within(1e-12));
    assertThat(metrics.get("selection/sample_weight/p50")).isCloseTo(0.25, within(1e-12));
    assertThat(metrics.get("selection/sample_weight/p90")).isCloseTo(0.37, within(1e-12));
    assertThat(metrics.get("selection/sample_weight/max")).isEqualTo(0.4);
  }

  @Test
  void anOddCountHasItsMiddleWeightAsTheMedianAndOneWeightIsEveryQuantile() {
    // sorted 0.05 0.15 0.8: p10 at 0.2 -> 0.07, p50 at 1 -> 0.15, p90 at 1.8 -> 0.15 + 0.8 * 0.65 = 0.67
    Map<String, Double> metrics = SampleWeightQuantiles.of(new double[] {0.8, 0.05, 0.15});
    assertThat(metrics.get("selection/sample_weight/p10")).isCloseTo(0.07, within(1e-12));
    assertThat(metrics.get("selection/sample_weight/p50")).isEqualTo(0.15);
    assertThat(metrics.get("selection/sample_weight/p90")).isCloseTo(0.67, within(1e-12));

    assertThat(SampleWeightQuantiles.of(new double[] {1.0}).values()).containsOnly(1.0);
  }

  @Test
  void refusesAStepWithoutWeights() {
    assertThatThrownBy(() -> SampleWeightQuantiles.of(new double[0])).isInstanceOf(IllegalArgumentException.class);
  }
}
