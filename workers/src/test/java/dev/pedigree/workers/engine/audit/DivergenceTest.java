package dev.pedigree.workers.engine.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class DivergenceTest {
  @Test
  void identicalOutputsDivergeNowhere() {
    List<int[]> outputs = List.of(new int[] {1, 2, 3}, new int[] {4});
    Divergence divergence = Divergence.between(outputs, List.of(new int[] {1, 2, 3}, new int[] {4}));
    assertThat(divergence).isEqualTo(new Divergence(2, 0, Double.NaN, 0.0));
  }

  @Test
  void countsFirstDifferencesAndLengthGaps() {
    List<int[]> reference = List.of(new int[] {1, 2, 3, 4}, new int[] {5, 6}, new int[] {7, 8}, new int[] {9});
    List<int[]> outputs = List.of(new int[] {1, 9, 3}, new int[] {5, 6, 10, 11}, new int[] {7, 8}, new int[] {9});
    // Prompt 0 differs at token 1 (and is one shorter); prompt 1 extends the reference, so it diverges at 2.
    assertThat(Divergence.between(reference, outputs)).isEqualTo(new Divergence(4, 2, 1.5, 0.75));
  }

  @Test
  void poolsCountsAndWeightsMeansByThem() {
    Divergence pooled = Divergence.pooled(
        List.of(new Divergence(4, 2, 1.5, 0.75), new Divergence(4, 1, 6.0, 0.25), new Divergence(2, 0, Double.NaN, 0)));
    assertThat(pooled).isEqualTo(new Divergence(10, 3, 3.0, 0.4));
  }

  @Test
  void refusesOutputsForOtherPrompts() {
    assertThatThrownBy(() -> Divergence.between(List.of(new int[] {1}), List.of()))
        .hasMessageContaining("1 reference outputs but 0 outputs");
  }
}
