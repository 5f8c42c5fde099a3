package dev.pedigree.workflows.sweep;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class MedianStoppingRuleTest {
  @Test
  void theMedianOfAnEvenCountIsTheMeanOfTheMiddleTwo() {
    assertThat(MedianStoppingRule.median(List.of(4.0, 1.0, 3.0))).isEqualTo(3.0);
    assertThat(MedianStoppingRule.median(List.of(4.0, 1.0, 3.0, 2.0))).isEqualTo(2.5);
  }

  @Test
  void aMinimizedTrialStopsOnlyWhenItsBestIsAboveTheMedian() {
    MedianStoppingRule rule = new MedianStoppingRule(true, 10);
    List<Double> completed = List.of(2.0, 3.0, 9.0);

    assertThat(rule.stops(20, 3.5, completed)).isTrue();
    assertThat(rule.stops(20, 3.0, completed)).as("equal to the median is not worse").isFalse();
    assertThat(rule.stops(20, 2.5, completed)).isFalse();
  }

  @Test
  void aMaximizedTrialStopsWhenItsBestIsBelowTheMedian() {
    MedianStoppingRule rule = new MedianStoppingRule(false, 0);

    assertThat(rule.stops(5, 0.4, List.of(0.5, 0.7))).isTrue();
    assertThat(rule.stops(5, 0.7, List.of(0.5, 0.7))).isFalse();
  }

  @Test
  void noTrialStopsBeforeMinStepsOrWithoutAFiniteCompletedValue() {
    MedianStoppingRule rule = new MedianStoppingRule(true, 10);

    assertThat(rule.stops(9, 100.0, List.of(1.0))).isFalse();
    assertThat(rule.stops(10, 100.0, List.of())).isFalse();
    assertThat(rule.stops(10, 100.0, List.of(Double.NaN, Double.POSITIVE_INFINITY))).isFalse();
    assertThat(rule.stops(10, 100.0, List.of(Double.NaN, 1.0))).isTrue();
  }
}
