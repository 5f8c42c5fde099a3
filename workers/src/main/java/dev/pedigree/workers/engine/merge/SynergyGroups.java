package dev.pedigree.workers.engine.merge;

import java.util.ArrayList;
import java.util.List;

/**
 * Tasks grouped so that every two tasks in a group help each other both ways ({@link TransferMatrix#mutuallyHelpful}):
 * the group-wise merge of METHODS.md §3.4 #2 merges only within a group. Built by agglomerative clustering from one
 * group per task: each round joins the two groups whose every cross pair is mutually helpful (complete linkage, so
 * an asymmetric pair where one side harms the other never ends up together) and whose mean two-way change
 * {@code (M[i][j] + M[j][i]) / 2} over cross pairs is lowest; ties go to the pair of groups found first, so the result
 * is deterministic. Stops when no two groups can join.
 *
 * @param groups the task indices of each group, ascending, groups ordered by their first task
 */
public record SynergyGroups(List<List<Integer>> groups) {
  public SynergyGroups {
    groups = groups.stream().map(List::copyOf).toList();
  }

  public static SynergyGroups of(TransferMatrix transfer) {
    List<List<Integer>> groups = new ArrayList<>();
    for (int task = 0; task < transfer.size(); task++) {
      groups.add(new ArrayList<>(List.of(task)));
    }
    while (true) {
      int bestFirst = -1;
      int bestSecond = -1;
      double bestChange = Double.POSITIVE_INFINITY;
      for (int first = 0; first < groups.size(); first++) {
        for (int second = first + 1; second < groups.size(); second++) {
          double change = meanTwoWayChange(transfer, groups.get(first), groups.get(second));
          if (change < bestChange) {
            bestChange = change;
            bestFirst = first;
            bestSecond = second;
          }
        }
      }
      if (bestFirst < 0) {
        return new SynergyGroups(groups);
      }
      groups.get(bestFirst).addAll(groups.remove(bestSecond));
      groups.get(bestFirst).sort(null);
    }
  }

  /** The index in {@link #groups} of the group holding {@code task}. */
  public int groupOf(int task) {
    for (int group = 0; group < groups.size(); group++) {
      if (groups.get(group).contains(task)) {
        return group;
      }
    }
    throw new IllegalArgumentException("no group holds task " + task);
  }

  /** The mean of {@code (M[i][j] + M[j][i]) / 2} over cross pairs; infinite when some pair is not mutually helpful. */
  private static double meanTwoWayChange(TransferMatrix transfer, List<Integer> first, List<Integer> second) {
    double sum = 0;
    for (int i : first) {
      for (int j : second) {
        if (!transfer.mutuallyHelpful(i, j)) {
          return Double.POSITIVE_INFINITY;
        }
        sum += (transfer.at(i, j) + transfer.at(j, i)) / 2;
      }
    }
    return sum / (first.size() * second.size());
  }
}
