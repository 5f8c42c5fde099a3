package dev.pedigree.workers.engine.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class LearningRateScheduleTest {
  private final LearningRateSchedule schedule = new LearningRateSchedule(1e-3, 10, 110);

  @Test
  void warmsUpLinearlyToThePeak() {
    assertThat(schedule.at(0)).isCloseTo(1e-3 / 11, within(1e-15));
    assertThat(schedule.at(4)).isCloseTo(5e-3 / 11, within(1e-15));
    assertThat(schedule.at(9)).isCloseTo(10e-3 / 11, within(1e-15));
    assertThat(schedule.at(10)).isCloseTo(1e-3, within(1e-15));
  }

  @Test
  void decaysOnACosineToATenthOfThePeakAtTheLastStep() {
    assertThat(schedule.at(109)).isCloseTo(1e-4, within(1e-15));
    // Steps 59 and 60 sit symmetrically around the middle of the 99 decay steps.
    assertThat(schedule.at(59) + schedule.at(60)).isCloseTo(1e-3 + 1e-4, within(1e-15));
    for (long step = 10; step < 109; step++) {
      assertThat(schedule.at(step + 1)).isLessThan(schedule.at(step));
    }
  }

  @Test
  void handlesNoWarmupAndASingleStep() {
    assertThat(new LearningRateSchedule(2.0, 0, 5).at(0)).isEqualTo(2.0);
    assertThat(new LearningRateSchedule(2.0, 0, 1).at(0)).isEqualTo(2.0);
    assertThat(new LearningRateSchedule(2.0, 3, 3).at(2)).isCloseTo(1.5, within(1e-15));
  }

  @Test
  void rejectsWarmupLongerThanTraining() {
    assertThatThrownBy(() -> new LearningRateSchedule(1.0, 5, 4)).isInstanceOf(IllegalArgumentException.class);
  }
}
