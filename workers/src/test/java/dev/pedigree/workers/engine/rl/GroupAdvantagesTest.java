package dev.pedigree.workers.engine.rl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class GroupAdvantagesTest {
  @Test
  void standardizesEachGroupWithItsSampleStandardDeviation() {
    double[] advantages = GroupAdvantages.of(new double[] {1, 0, 0, 1, 0.1, 0.1, 0.1, 0.1}, 4);

    // group 1: mean 0.5, sample std sqrt(1/3); A = ±0.5 / (0.57735 + 1e-4)
    assertThat(advantages[0]).isCloseTo(0.8658754297607016, within(1e-12));
    assertThat(advantages[1]).isCloseTo(-0.8658754297607016, within(1e-12));
    assertThat(advantages[3]).isCloseTo(advantages[0], within(1e-15));
    // group 2: all equal, nothing to learn
    assertThat(new double[] {advantages[4], advantages[5], advantages[6], advantages[7]}).containsOnly(0.0);
  }

  @Test
  void rejectsRewardsThatDoNotSplitIntoGroups() {
    assertThatThrownBy(() -> GroupAdvantages.of(new double[] {1, 0, 1}, 2))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
