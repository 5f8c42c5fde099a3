package dev.pedigree.workers.engine.merge;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SynergyGroupsTest {
  private static SynergyGroups groups(double[][] change) {
    return SynergyGroups.of(TransferMatrix.of(new double[change.length], change));
  }

  @Test
  void joinsTasksThatHelpEachOtherBothWays() {
    SynergyGroups groups = groups(new double[][] {
        {-1.0, 0.2, -0.3, 0.1},
        {0.3, -1.0, 0.4, -0.2},
        {-0.1, 0.5, -1.0, 0.2},
        {0.2, -0.4, 0.1, -1.0}});

    assertThat(groups.groups()).containsExactly(List.of(0, 2), List.of(1, 3));
    assertThat(groups.groupOf(2)).isZero();
    assertThat(groups.groupOf(3)).isEqualTo(1);
  }

  @Test
  void keepsApartAPairWhereOneWayHelpsAndTheOtherHarms() {
    SynergyGroups groups = groups(new double[][] {
        {-1.0, -0.9},
        {0.01, -1.0}});

    assertThat(groups.groups()).containsExactly(List.of(0), List.of(1));
  }

  @Test
  void aGroupAdmitsATaskOnlyIfItHelpsAndIsHelpedByEveryMember() {
    // 0-1 and 1-2 help both ways, but 2 harms 0: complete linkage keeps 2 out of {0, 1}.
    SynergyGroups groups = groups(new double[][] {
        {-1.0, -0.5, -0.1},
        {-0.5, -1.0, -0.2},
        {0.1, -0.2, -1.0}});

    assertThat(groups.groups()).containsExactly(List.of(0, 1), List.of(2));
  }

  @Test
  void joinsTheStrongestMutualHelpFirst() {
    // 1-2 help each other most, then 0-3; 0-2 and 1-3 harm, so the two pairs never join.
    SynergyGroups groups = groups(new double[][] {
        {-1.0, -0.1, 0.3, -0.6},
        {-0.1, -1.0, -0.8, 0.2},
        {0.3, -0.8, -1.0, -0.1},
        {-0.6, 0.2, -0.1, -1.0}});

    assertThat(groups.groups()).containsExactly(List.of(0, 3), List.of(1, 2));
  }

  @Test
  void aWholeMutuallyHelpfulSetBecomesOneGroup() {
    SynergyGroups groups = groups(new double[][] {
        {-1.0, -0.1, -0.2},
        {-0.3, -1.0, -0.1},
        {-0.2, -0.4, -1.0}});

    assertThat(groups.groups()).containsExactly(List.of(0, 1, 2));
  }

  @Test
  void zeroTransferCountsAsHarmless() {
    SynergyGroups groups = groups(new double[][] {
        {-1.0, 0.0},
        {0.0, -1.0}});

    assertThat(groups.groups()).containsExactly(List.of(0, 1));
  }
}
