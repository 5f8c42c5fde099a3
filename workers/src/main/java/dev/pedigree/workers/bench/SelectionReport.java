package dev.pedigree.workers.bench;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** docs/results/data-selection.md: the command, the setup and one table per experiment, as the runs produced them. */
final class SelectionReport {
  static final String DISCUSSION = "## Discussion";

  private SelectionReport() {}

  /** One strategy of one experiment over all seeds. */
  record Outcome(
      SelectionExperiment experiment, String strategy, double[] heldOut, List<Map<String, Double>> mixtures) {
    double mean() {
      double sum = 0;
      for (double value : heldOut) {
        sum += value;
      }
      return sum / heldOut.length;
    }

    /** Sample standard deviation over seeds. */
    double spread() {
      double mean = mean();
      double squares = 0;
      for (double value : heldOut) {
        squares += (value - mean) * (value - mean);
      }
      return heldOut.length > 1 ? Math.sqrt(squares / (heldOut.length - 1)) : 0;
    }
  }

  static String markdown(String command, int steps, List<Integer> seeds, double minutes, List<Outcome> outcomes) {
    StringBuilder md = new StringBuilder();
    md.append("# Data selection against uniform sampling\n\n");
    md.append("Everything above \"").append(DISCUSSION).append("\" is written by the benchmark; a rerun replaces it.\n\n");
    md.append("Command (from the repository root): `./").append(command).append("`\n\n");
    md.append(String.format(Locale.ROOT,
        "Setup: GPT %d layers, d=%d, %d heads, context %d, byte tokens, fp32 on the CPU; batch %d, %d steps"
            + " (%,d training tokens per run, the same for every strategy), AdamW lr 3e-3 with warmup %d and cosine"
            + " decay, weight decay 0.1, clip 1.0. Seeds %s set initialization and batch sampling; the corpora are"
            + " fixed. Batches are drawn from the domains with replacement by the mixture weights. Held-out losses"
            + " are nats per byte token at the last step, on up to 64 held-out windows per domain. Spread = sample"
            + " standard deviation over seeds; \"seeds better\" pairs each seed with uniform's run of the same seed."
            + " %d runs took %.1f minutes on %d CPUs (load average then %s).\n\n",
        SelectionBench.MODEL.layers(), SelectionBench.MODEL.dModel(), SelectionBench.MODEL.heads(),
        SelectionBench.MODEL.contextLength(), SelectionBench.BATCH_SIZE, steps,
        (long) steps * SelectionBench.BATCH_SIZE * SelectionBench.MODEL.contextLength(), Math.min(30, steps / 10),
        seeds, outcomes.stream().mapToInt(outcome -> outcome.heldOut().length).sum(), minutes,
        Runtime.getRuntime().availableProcessors(), MachineInfo.loadAverage()));
    SelectionExperiment current = null;
    Outcome uniform = null;
    for (Outcome outcome : outcomes) {
      if (outcome.experiment() != current) {
        current = outcome.experiment();
        uniform = outcome;
        md.append("## ").append(current.name()).append("\n\n").append(current.setup()).append(".\n\n");
        md.append("| strategy | held-out loss, mean ± spread | per seed | Δ vs uniform | seeds better than uniform |"
            + " final mixture (mean over seeds) |\n|---|---|---|---|---|---|\n");
      }
      md.append(row(outcome, uniform));
    }
    return md.append('\n').toString();
  }

  /** The new report, followed by the hand-written discussion of the previous one if it had one. */
  static String merged(String report, String previous) {
    int discussion = previous.indexOf(DISCUSSION);
    return discussion < 0 ? report : report + previous.substring(discussion);
  }

  private static String row(Outcome outcome, Outcome uniform) {
    StringBuilder perSeed = new StringBuilder();
    int better = 0;
    for (int i = 0; i < outcome.heldOut().length; i++) {
      perSeed.append(i > 0 ? ", " : "").append(String.format(Locale.ROOT, "%.4f", outcome.heldOut()[i]));
      better += outcome.heldOut()[i] < uniform.heldOut()[i] ? 1 : 0;
    }
    boolean baseline = outcome == uniform;
    return String.format(Locale.ROOT, "| %s | %.4f ± %.4f | %s | %s | %s | %s |%n", outcome.strategy(),
        outcome.mean(), outcome.spread(), perSeed,
        baseline ? "—" : String.format(Locale.ROOT, "%+.4f", outcome.mean() - uniform.mean()),
        baseline ? "—" : better + " of " + outcome.heldOut().length, mixture(outcome.mixtures()));
  }

  private static String mixture(List<Map<String, Double>> mixtures) {
    Map<String, Double> sums = new TreeMap<>();
    mixtures.forEach(mixture -> mixture.forEach((domain, weight) -> sums.merge(domain, weight, Double::sum)));
    StringBuilder text = new StringBuilder();
    for (String domain : mixtures.get(0).keySet()) {
      text.append(text.length() > 0 ? ", " : "")
          .append(String.format(Locale.ROOT, "%s %.2f", domain, sums.get(domain) / mixtures.size()));
    }
    return text.toString();
  }
}
