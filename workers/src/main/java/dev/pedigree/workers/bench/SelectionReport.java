package dev.pedigree.workers.bench;

import dev.pedigree.workers.engine.torch.TorchRuntime;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.function.Function;

/** docs/results/data-selection.md: the command, the setup and one table per experiment, as the runs produced them. */
final class SelectionReport {
  static final String EXACT_MATCH_HEADER = "held-out exact match, mean ± spread [per seed]";

  private SelectionReport() {}

  /**
   * What one run ended with.
   *
   * @param domainLosses each domain's held-out loss
   * @param relativeWeights each domain's mean sample weight times the batch size late in the run; empty when the
   *     strategy does not weight samples
   * @param exactMatch the share of held-out task problems solved, when the data has a task generator to test
   */
  record RunResult(
      double heldOut, Map<String, Double> domainLosses, Map<String, Double> mixture,
      Map<String, Double> relativeWeights, OptionalDouble exactMatch) {
    String keyValues() {
      StringBuilder text = new StringBuilder();
      exactMatch.ifPresent(accuracy -> text.append(String.format(Locale.ROOT, " exact_match=%.4f", accuracy)));
      domainLosses.forEach((domain, loss) -> text.append(keyValue(" held_out_loss_", domain, loss)));
      mixture.forEach((domain, weight) -> text.append(keyValue(" mixture_", domain, weight)));
      relativeWeights.forEach((domain, weight) -> text.append(keyValue(" relative_weight_", domain, weight)));
      return text.toString();
    }

    private static String keyValue(String prefix, String domain, double value) {
      return String.format(Locale.ROOT, "%s%s=%.4f", prefix, domain, value);
    }
  }

  /** One strategy of one experiment over all seeds. */
  record Outcome(SelectionExperiment experiment, String strategy, List<RunResult> runs) {
    double[] heldOut() {
      return runs.stream().mapToDouble(RunResult::heldOut).toArray();
    }

    double mean() {
      return Arrays.stream(heldOut()).average().orElseThrow();
    }

    boolean measuredExactMatch() {
      return runs.stream().allMatch(run -> run.exactMatch().isPresent());
    }

    /** The exact-match accuracies of {@link #measuredExactMatch() runs that measured it}, in seed order. */
    Spread exactMatch() {
      return Spread.of(runs.stream().mapToDouble(run -> run.exactMatch().orElseThrow()).toArray());
    }

    /** Sample standard deviation over seeds. */
    double spread() {
      double mean = mean();
      double squares = Arrays.stream(heldOut()).map(value -> (value - mean) * (value - mean)).sum();
      return runs.size() > 1 ? Math.sqrt(squares / (runs.size() - 1)) : 0;
    }
  }

  static String markdown(String command, int steps, List<Integer> seeds, double minutes, List<Outcome> outcomes) {
    StringBuilder md = new StringBuilder();
    md.append("# Data selection against uniform sampling\n\n");
    md.append("Everything above the Discussion section is written by the benchmark; a rerun replaces it.\n\n");
    md.append("Command (from the repository root): `./").append(command).append("`\n\n");
    md.append(String.format(Locale.ROOT,
        "Setup: GPT %d layers, d=%d, %d heads, context %d, byte tokens, fp32 on the CPU; batch %d, %d steps"
            + " (%,d training tokens per run, the same for every strategy), AdamW lr 3e-3 with warmup %d and cosine"
            + " decay, weight decay 0.1, clip 1.0. Seeds %s set initialization and batch sampling; the corpora are"
            + " fixed. Batches are drawn from the domains with replacement by the mixture weights. Held-out losses"
            + " are nats per byte token at the last step, on up to 64 held-out windows per domain. Spread = sample"
            + " standard deviation over seeds; \"seeds better\" pairs each seed with uniform's run of the same seed."
            + " Exact match (experiments with a target set): the share of the first 64 of the target's held-out"
            + " problems the model solves at the last step (argmax at every answer position given the prompt)."
            + " %d runs took %.1f minutes on %d CPUs (load average then %s), libtorch %s.\n\n",
        SelectionBench.MODEL.layers(), SelectionBench.MODEL.dModel(), SelectionBench.MODEL.heads(),
        SelectionBench.MODEL.contextLength(), SelectionBench.BATCH_SIZE, steps,
        (long) steps * SelectionBench.BATCH_SIZE * SelectionBench.MODEL.contextLength(), Math.min(30, steps / 10),
        seeds, outcomes.stream().mapToInt(outcome -> outcome.runs().size()).sum(), minutes,
        Runtime.getRuntime().availableProcessors(), MachineInfo.loadAverage(),
        TorchRuntime.describe(TorchRuntime.device("cpu"))));
    for (SelectionExperiment experiment : outcomes.stream().map(Outcome::experiment).distinct().toList()) {
      List<Outcome> arms = outcomes.stream().filter(outcome -> outcome.experiment() == experiment).toList();
      Outcome uniform = arms.get(0);
      md.append("## ").append(experiment.name()).append("\n\n").append(experiment.setup()).append(".\n\n");
      boolean task = arms.stream().allMatch(Outcome::measuredExactMatch);
      md.append("| strategy | held-out loss, mean ± spread | per seed | Δ vs uniform | seeds better than uniform |")
          .append(task ? " " + EXACT_MATCH_HEADER + " |\n|---|---|---|---|---|---|\n" : "\n|---|---|---|---|---|\n");
      arms.forEach(outcome -> md.append(row(outcome, uniform, task)));
      md.append("\nMeans over seeds at the last step: each domain's held-out loss, the mixture batches were drawn from,"
          + " and (strategies that weight samples) each domain's mean sample weight × batch size over the last quarter"
          + " of the steps, 1 being uniform.\n\n"
          + "| strategy | held-out loss by domain | final mixture | relative sample weight by domain |\n"
          + "|---|---|---|---|\n");
      for (Outcome outcome : arms) {
        md.append(String.format(Locale.ROOT, "| %s | %s | %s | %s |%n", outcome.strategy(),
            means(outcome, RunResult::domainLosses), means(outcome, RunResult::mixture),
            means(outcome, RunResult::relativeWeights)));
      }
      md.append('\n');
    }
    return md.toString();
  }

  private static String row(Outcome outcome, Outcome uniform, boolean task) {
    double[] heldOut = outcome.heldOut();
    double[] baselineHeldOut = uniform.heldOut();
    StringBuilder perSeed = new StringBuilder();
    int better = 0;
    for (int i = 0; i < heldOut.length; i++) {
      perSeed.append(i > 0 ? ", " : "").append(String.format(Locale.ROOT, "%.4f", heldOut[i]));
      better += heldOut[i] < baselineHeldOut[i] ? 1 : 0;
    }
    boolean baseline = outcome == uniform;
    return String.format(Locale.ROOT, "| %s | %.4f ± %.4f | %s | %s | %s |%s%n", outcome.strategy(), outcome.mean(),
        outcome.spread(), perSeed,
        baseline ? "—" : String.format(Locale.ROOT, "%+.4f", outcome.mean() - uniform.mean()),
        baseline ? "—" : better + " of " + heldOut.length,
        task ? " " + outcome.exactMatch().formatWithSeeds("%.3f") + " |" : "");
  }

  /** {@code domain value, …}: the mean over seeds of each domain's value, in the first run's domain order. */
  private static String means(Outcome outcome, Function<RunResult, Map<String, Double>> values) {
    Map<String, Double> sums = new LinkedHashMap<>();
    outcome.runs().forEach(run -> values.apply(run).forEach((domain, value) -> sums.merge(domain, value, Double::sum)));
    StringBuilder text = new StringBuilder();
    sums.forEach((domain, sum) -> text.append(text.length() > 0 ? ", " : "")
        .append(String.format(Locale.ROOT, "%s %.3f", domain, sum / outcome.runs().size())));
    return text.length() > 0 ? text.toString() : "—";
  }
}
