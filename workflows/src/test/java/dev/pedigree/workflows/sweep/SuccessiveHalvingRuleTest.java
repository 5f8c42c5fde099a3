package dev.pedigree.workflows.sweep;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pedigree.workflows.sweep.SuccessiveHalvingRule.Arrival;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Hand-made curves: each rung lists the trials in the order they reached it, with their value there. */
class SuccessiveHalvingRuleTest {
  /** Trial names and values alternating, in arrival order. */
  private static List<Arrival<String>> rung(Object... trialsAndValues) {
    List<Arrival<String>> arrivals = new ArrayList<>();
    for (int i = 0; i < trialsAndValues.length; i += 2) {
      arrivals.add(new Arrival<>((String) trialsAndValues[i], ((Number) trialsAndValues[i + 1]).doubleValue()));
    }
    return arrivals;
  }

  private static List<List<Arrival<String>>> negated(List<List<Arrival<String>>> rungs) {
    return rungs.stream().map(arrivals -> arrivals.stream()
        .map(arrival -> new Arrival<>(arrival.trial(), -arrival.value())).toList()).toList();
  }

  /** Six losses at step 10, the four left at step 30, three at step 90. */
  private static final List<List<Arrival<String>>> LOSSES = List.of(
      rung("a", 2.0, "b", 3.0, "c", 1.5, "d", 2.5, "e", 0.9, "f", 4.0),
      rung("c", 1.2, "a", 1.9, "e", 0.7, "b", 2.8),
      rung("c", 1.0, "e", 0.5, "a", 1.8));

  @Test
  void rungsAreMinStepsTimesPowersOfTheFactorBelowTheTrialsSteps() {
    SuccessiveHalvingRule rule = new SuccessiveHalvingRule(true, 10, 3);

    assertThat(rule.rungs(100)).containsExactly(10L, 30L, 90L);
    assertThat(rule.rungs(90)).containsExactly(10L, 30L);
    assertThat(rule.rungs(10)).isEmpty();
    assertThat(new SuccessiveHalvingRule(true, 1, 2).rungs(Long.MAX_VALUE)).hasSize(63).endsWith(1L << 62);
  }

  /**
   * Step 10: a and b are fewer than three; c is the best of three; d is second of four (only the best ⌊4/3⌋ = 1
   * continue); e is the best of five; f is the worst of six (best 2 continue). Step 30: b is last of four. Step 90: a is
   * last of three, though it continued twice before.
   */
  @Test
  void aMinimizedTrialContinuesOnlyInTheBestThirdOfTheValuesRecordedAtTheRungSoFar() {
    SuccessiveHalvingRule rule = new SuccessiveHalvingRule(true, 10, 3);

    assertThat(rule.stops(LOSSES)).isEqualTo(Map.of("d", 0, "f", 0, "b", 1, "a", 2));
  }

  @Test
  void aMaximizedObjectiveStopsTheSameTrialsAsItsNegationMinimized() {
    SuccessiveHalvingRule rule = new SuccessiveHalvingRule(false, 10, 3);

    assertThat(rule.stops(negated(LOSSES))).isEqualTo(Map.of("d", 0, "f", 0, "b", 1, "a", 2));
    assertThat(rule.stops(LOSSES)).as("the same values maximized").isEqualTo(Map.of("c", 0, "d", 0, "e", 0));
  }

  @Test
  void nobodyStopsWhileFewerThanTheFactorHaveReachedARung() {
    SuccessiveHalvingRule rule = new SuccessiveHalvingRule(true, 10, 4);

    assertThat(rule.stops(List.of(rung("a", 1.0, "b", 50.0, "c", 900.0), rung("a", 0.5, "b", 40.0)))).isEmpty();
    assertThat(rule.stops(List.of(rung("a", 1.0, "b", 50.0, "c", 900.0, "d", 1000.0)))).isEqualTo(Map.of("d", 0));
  }

  /** A tie with a better recorded value is not worse; the first of two equal values does not push the second out. */
  @Test
  void anEqualValueDoesNotCountAsBetter() {
    SuccessiveHalvingRule rule = new SuccessiveHalvingRule(true, 10, 2);

    assertThat(rule.stops(List.of(rung("a", 1.0, "b", 1.0, "c", 1.0, "d", 1.0)))).isEmpty();
  }

  @Test
  void aNonFiniteValueRanksBelowEveryFiniteOneAndStopsOnceTheRungCanDecide() {
    SuccessiveHalvingRule rule = new SuccessiveHalvingRule(true, 10, 2);

    assertThat(rule.stops(List.of(rung("a", Double.NaN, "b", 3.0, "c", Double.NaN, "d", 2.0,
        "e", Double.POSITIVE_INFINITY)))).isEqualTo(Map.of("c", 0, "e", 0));
    assertThat(new SuccessiveHalvingRule(false, 10, 2).stops(List.of(rung("a", 0.5, "b", Double.NaN))))
        .isEqualTo(Map.of("b", 0));
  }

  /** A trial may pass the next rung before the cancel reaches it: its value is recorded, its stop stays where it was. */
  @Test
  void aStoppedTrialKeepsItsFirstRungAndItsLaterValuesStillCount() {
    SuccessiveHalvingRule rule = new SuccessiveHalvingRule(true, 10, 2);

    Map<String, Integer> stops = rule.stops(List.of(rung("a", 1.0, "b", 2.0), rung("b", 0.1, "a", 0.9)));

    assertThat(stops).isEqualTo(Map.of("b", 0, "a", 1));
  }
}
