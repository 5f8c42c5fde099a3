package dev.pedigree.workers.bench;

import dev.pedigree.workers.bench.GroupMergeBench.SeedOutcome;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;
import java.util.stream.DoubleStream;

/** docs/results/groupmerge.md from the outcomes of {@link GroupMergeBench}. */
final class GroupMergeReport {
  static final String INDIVIDUAL = "individual";
  static final String ALL_TASK = "all-task merge";
  static final String GROUP_WISE = "group-wise merge";

  private static final Metric EXACT_MATCH =
      new Metric("Exact match (%)", SeedOutcome::exactMatch, 100, "%.1f", true);
  private static final Metric ANSWER_LOSS =
      new Metric("Held-out answer loss (nats per answer token)", SeedOutcome::answerLoss, 1, "%.3f", false);

  /** A per-direction score of each arm, shown times {@code scale} with {@code pattern}. */
  private record Metric(String title, Function<SeedOutcome, Map<String, double[]>> values, double scale,
      String pattern, boolean higherIsBetter) {
    double[] of(SeedOutcome outcome, String arm) {
      return values.apply(outcome).get(arm);
    }

    double worst(double[] scores) {
      DoubleStream stream = Arrays.stream(scores);
      return (higherIsBetter ? stream.min() : stream.max()).orElseThrow();
    }
  }

  private GroupMergeReport() {}

  static String markdown(String[] args, int pretrainSteps, int mixSteps, int finetuneSteps,
      double finetuneLearningRate, List<SeedOutcome> outcomes, double minutes) {
    int directions = GroupMergeBench.DIRECTIONS.size();
    StringBuilder out = new StringBuilder(ResultsFile.opening("Group-wise merging of synergistic directions",
        "groupmerge", args, minutes, outcomes.size(), " (each seed its own data, base and fine-tunes)"));
    out.append(String.format(Locale.ROOT, """
        Setup, per seed s: G-translate, six directions between three toy languages (A, B, C: the same 8 concepts \
        written with disjoint 8-letter alphabets, sentences of 3 words of 2 letters, word order as is in A and C, \
        reversed in B), each prompt opened by its direction tag (`A>B`). The base: a GPT (4 layers, d 64, 4 heads, \
        context 32, rotary, byte tokens) pretrained for %d steps (batch %d, AdamW 3e-3) on %d documents mixing all \
        six directions (seed s), then trained on the answers of all six mixed for %d steps (AdamW %s, seed 500 + s). \
        From it, one fine-tune per direction: %d steps, batch %d, AdamW %s, no decay, loss on the answer tokens only \
        (fresh problems, seed 1000 + s). The joint fine-tune trains the base on all six mixed for %d steps (the six \
        fine-tunes' steps together). Merges are task arithmetic through the `merge` job, with the per-task \
        coefficient λ from %s that gives the lowest answer loss on %d probe problems per merged direction \
        (seed 3000 + s). Synergy groups: agglomerative clustering on the transfer matrix that only joins groups \
        whose every cross pair lowers the loss both ways (M[i][j] ≤ 0 and M[j][i] ≤ 0), lowest mean two-way change \
        first; a group of one is its fine-tune. Group-wise: each problem is answered by its direction's group model. \
        Scores: greedy exact match on %d held-out problems per direction (seed 5000 + s).

        """, pretrainSteps, TaskFineTune.BATCH, GroupMergeBench.DOCUMENTS, mixSteps, GroupMergeBench.MIX_LEARNING_RATE,
        finetuneSteps, TaskFineTune.BATCH, finetuneLearningRate, finetuneSteps * directions, GroupMergeBench.LAMBDAS,
        GroupMergeBench.PROBE, GroupMergeBench.HELD_OUT));
    appendScores(out, outcomes, EXACT_MATCH);
    appendScores(out, outcomes, ANSWER_LOSS);
    appendTransfer(out, outcomes);
    return out.toString();
  }

  private static void appendTransfer(StringBuilder out, List<SeedOutcome> outcomes) {
    int directions = GroupMergeBench.DIRECTIONS.size();
    out.append("### Transfer matrix\n\nM[i][j] = held-out answer loss on direction j (column) after fine-tuning on ")
        .append("direction i (row), minus the base's; negative = the fine-tune helps. Mean ± sd over seeds; the ")
        .append("first row is the base's loss.\n\n| fine-tuned on |");
    GroupMergeBench.DIRECTIONS.forEach(direction -> out.append(' ').append(direction.tag()).append(" |"));
    out.append("\n|---|").append("---|".repeat(directions)).append("\n| (base loss) |");
    for (int j = 0; j < directions; j++) {
      int to = j;
      out.append(' ').append(Spread.of(values(outcomes, o -> o.baseLoss()[to])).format("%.3f")).append(" |");
    }
    for (int i = 0; i < directions; i++) {
      out.append("\n| ").append(GroupMergeBench.DIRECTIONS.get(i).tag()).append(" |");
      for (int j = 0; j < directions; j++) {
        int from = i;
        int to = j;
        out.append(' ').append(Spread.of(values(outcomes, o -> o.transfer().at(from, to))).format("%.3f"))
            .append(" |");
      }
    }
    out.append("\n\nPer seed: asymmetry max |M[i][j] − M[j][i]| over i ≠ j, the cells where a fine-tune helps ")
        .append("another direction (M[i][j] ≤ 0, i → j), the synergy groups, and each merge's λ:\n\n");
    for (SeedOutcome outcome : outcomes) {
      out.append(String.format(Locale.ROOT, "- seed %d: asymmetry %.3f; helps %s; groups %s; λ %s%n", outcome.seed(),
          outcome.transfer().asymmetry(), helps(outcome), groups(outcome), outcome.lambdas()));
    }
  }

  private static String helps(SeedOutcome outcome) {
    List<String> cells = new ArrayList<>();
    for (int i = 0; i < outcome.transfer().size(); i++) {
      for (int j = 0; j < outcome.transfer().size(); j++) {
        if (i != j && outcome.transfer().at(i, j) <= 0) {
          cells.add(String.format(Locale.ROOT, "%s → %s %.4f", GroupMergeBench.DIRECTIONS.get(i).tag(),
              GroupMergeBench.DIRECTIONS.get(j).tag(), outcome.transfer().at(i, j)));
        }
      }
    }
    return cells.isEmpty() ? "none" : String.join(", ", cells);
  }

  private static String groups(SeedOutcome outcome) {
    return outcome.groups().groups().stream()
        .map(group -> group.stream().map(i -> GroupMergeBench.DIRECTIONS.get(i).tag())
            .collect(Collectors.joining(", ", "{", "}")))
        .collect(Collectors.joining(" "));
  }

  private static void appendScores(StringBuilder out, List<SeedOutcome> outcomes, Metric metric) {
    int directions = GroupMergeBench.DIRECTIONS.size();
    out.append("### ").append(metric.title()).append("\n\n| arm | mean | worst direction |");
    GroupMergeBench.DIRECTIONS.forEach(direction -> out.append(' ').append(direction.tag()).append(" |"));
    out.append("\n|---|---|---|").append("---|".repeat(directions)).append('\n');
    for (String arm : outcomes.get(0).exactMatch().keySet()) {
      out.append("| ").append(arm).append(" | ").append(cell(outcomes, metric, o -> mean(metric.of(o, arm))))
          .append(" | ").append(cell(outcomes, metric, o -> metric.worst(metric.of(o, arm)))).append(" |");
      for (int j = 0; j < directions; j++) {
        int direction = j;
        out.append(' ').append(cell(outcomes, metric, o -> metric.of(o, arm)[direction])).append(" |");
      }
      out.append('\n');
    }
    out.append("\nGap closed by the group-wise merge, (group-wise − all-task) / (individual − all-task), mean ± sd ")
        .append("[per seed]:\n\n");
    out.append("- on the mean: ").append(gapClosed(outcomes, metric, GroupMergeReport::mean)).append('\n');
    out.append("- on the worst direction: ").append(gapClosed(outcomes, metric, metric::worst)).append("\n\n");
  }

  /**
   * Per seed {@code (group − all) / (individual − all)} of {@code score}, undefined where the individual models do not
   * beat the all-task merge; then the mean ± sd over the seeds where it is defined.
   */
  private static String gapClosed(List<SeedOutcome> outcomes, Metric metric, ToDoubleFunction<double[]> score) {
    double[] closed = values(outcomes, outcome -> {
      double all = score.applyAsDouble(metric.of(outcome, ALL_TASK));
      double gap = score.applyAsDouble(metric.of(outcome, INDIVIDUAL)) - all;
      boolean individualBetter = metric.higherIsBetter() ? gap > 0 : gap < 0;
      return individualBetter ? (score.applyAsDouble(metric.of(outcome, GROUP_WISE)) - all) / gap : Double.NaN;
    });
    double[] defined = Arrays.stream(closed).filter(value -> !Double.isNaN(value)).toArray();
    return (defined.length == 0 ? "n/a" : Spread.of(defined).format("%.2f")) + " over the " + defined.length
        + " seeds with a gap " + Arrays.stream(closed)
            .mapToObj(value -> Double.isNaN(value) ? "n/a (no gap)" : String.format(Locale.ROOT, "%.2f", value))
            .collect(Collectors.joining(", ", "[", "]"));
  }

  private static String cell(List<SeedOutcome> outcomes, Metric metric, ToDoubleFunction<SeedOutcome> value) {
    return Spread.of(values(outcomes, outcome -> metric.scale() * value.applyAsDouble(outcome)))
        .format(metric.pattern());
  }

  private static double[] values(List<SeedOutcome> outcomes, ToDoubleFunction<SeedOutcome> value) {
    return outcomes.stream().mapToDouble(value).toArray();
  }

  private static double mean(double[] values) {
    return Arrays.stream(values).average().orElseThrow();
  }
}
