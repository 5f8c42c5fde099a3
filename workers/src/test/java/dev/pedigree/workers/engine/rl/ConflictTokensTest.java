package dev.pedigree.workers.engine.rl;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ConflictTokensTest {
  // Two groups of three. Group 1: a positive, b negative, c neutral. Group 2: d positive, e negative, f dropped.
  private static final List<int[]> COMPLETIONS = List.of(
      new int[] {5, 6, 7, 8}, new int[] {5, 9, 8}, new int[] {5, 6, 7, 8},
      new int[] {5}, new int[] {5}, new int[] {4});
  private static final double[] ADVANTAGES = {1, -1, 0, 1, -1, -1};
  private static final boolean[] KEPT = {true, true, true, true, true, false};

  @Test
  void marksRunsOfTokensSharedWithACompletionOfOppositeSignFromEitherEnd() {
    boolean[][] conflicts = ConflictTokens.of(COMPLETIONS, ADVANTAGES, KEPT, 3);

    // a and b share 5 at the start and 8 at the end; c has advantage 0 and takes no part
    assertThat(conflicts[0]).containsExactly(true, false, false, true);
    assertThat(conflicts[1]).containsExactly(true, false, true);
    assertThat(conflicts[2]).containsExactly(false, false, false, false);
    // groups are separate: d and e conflict with each other only, f is dropped
    assertThat(conflicts[3]).containsExactly(true);
    assertThat(conflicts[4]).containsExactly(true);
    assertThat(conflicts[5]).containsExactly(false);
    assertThat(ConflictTokens.count(conflicts)).isEqualTo(6);
  }

  @Test
  void aSharedTokenCountsOnlyInTheRunFromEitherEndAsInGtposReferenceCode() {
    // a (+) and b (-) share 1 and 3 from the start and 5 from the end. a's 3 follows its unshared 2, so it is no
    // conflict (matching every position would make it one). b's run from the start goes on through 7, which c (+)
    // has at position 1, and 3, which a has at position 2: a run's pairs may come from different completions.
    List<int[]> completions = List.of(new int[] {1, 2, 3, 4, 5}, new int[] {1, 7, 3, 9, 5}, new int[] {1, 7, 8});
    double[] advantages = {1, -1, 1};
    boolean[] all = {true, true, true};

    boolean[][] conflicts = ConflictTokens.of(completions, advantages, all, 3);

    assertThat(conflicts[0]).containsExactly(true, false, false, false, true);
    assertThat(conflicts[1]).containsExactly(true, true, true, false, true);
    assertThat(conflicts[2]).containsExactly(true, true, false);
  }

  @Test
  void gtpoWeightsAmplifyPositiveConflictsSkipNegativeOnesAndShareByTheConflictCount() {
    boolean[][] conflicts = ConflictTokens.of(COMPLETIONS, ADVANTAGES, KEPT, 3);

    double[][] weights = TokenWeights.gtpo(conflicts, ADVANTAGES, KEPT, 2.0);

    // a and b have 2 conflict tokens each: (2, 1, 1, 2) / 2 and (0, 1, 0) / 2; c has none (divided by 1)
    assertThat(weights[0]).containsExactly(1, 0.5, 0.5, 1);
    assertThat(weights[1]).containsExactly(0, 0.5, 0);
    assertThat(weights[2]).containsExactly(1, 1, 1, 1);
    assertThat(weights[3]).containsExactly(2);
    assertThat(weights[5]).containsExactly(0);
    assertThat(TokenWeights.uniform(new int[] {2, 1}, new boolean[] {true, false})[0]).containsExactly(1, 1);
    assertThat(TokenWeights.uniform(new int[] {2, 1}, new boolean[] {true, false})[1]).containsExactly(0);
  }
}
