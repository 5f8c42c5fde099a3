package dev.pedigree.workers.bench;

import dev.pedigree.workers.bench.CntpBench.Arm;
import dev.pedigree.workers.bench.CntpBench.Score;
import dev.pedigree.workers.engine.data.GArithGenerator;
import dev.pedigree.workers.engine.sampling.CautiousOptions;
import dev.pedigree.workflows.spec.PretrainSpec;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/** docs/results/cntp.md from {@code bench cntp}: means ± sample standard deviations over seeds. */
final class CntpReport {
  private CntpReport() {}

  static String markdown(
      String[] args, PretrainSpec model, int problems, List<Map<String, Score>> outcomes, double minutes) {
    StringBuilder md = new StringBuilder(ResultsFile.opening(
        "Cautious Next Token Prediction on G-arith: exact match against compute", "cntp", args, minutes,
        outcomes.size(), " (each seed its own model, training data, held-out problems and sampling stream), with each "
            + "seed's value in brackets"));
    md.append("## Setup\n\n");
    md.append(String.format(Locale.ROOT,
        "- Model: per seed, the ensemble bench's clean member 0 (`bench ensemble`'s recipe, retrained here): G-arith "
            + "with `+` only, %.0f%% carry-heavy, %d documents; byte-level GPT, %d layers, d=%d, %d heads, context %d, "
            + "%s positions, %d steps (batch %d, lr %.0e). Cached in `$PEDIGREE_HOME/bench/cntp`.%n",
        100 * GArithGenerator.DEFAULT_CARRY_HEAVY_SHARE, EnsembleBench.DOCUMENTS, model.model().layers(),
        model.model().dModel(), model.model().heads(), model.model().contextLength(), model.model().positions(),
        model.training().steps(), model.training().batchSize(), model.training().learningRate()));
    md.append(String.format(Locale.ROOT,
        "- Evaluation: exact match of ` <a>answer</a>` on %d problems from a generator seed the model did not train on "
            + "(small problems can repeat training ones), up to %d new tokens, stopping at the newline.%n",
        problems, EnsembleEvaluation.MAX_NEW_TOKENS));
    md.append(String.format(Locale.ROOT,
        "- Sampling (the sampling arms, best-of-N and every trial): temperature T as named, no top-k or top-p. "
            + "Best-of-N: N whole completions, the one of lowest perplexity (mean negative log-likelihood per token "
            + "under that distribution) kept. CNTP: the paper's schedule, n = 1 + ⌊(cap − 1) · clamp((H − %.2f) / (%.2f − %.2f), "
            + "0, 1)⌋ trials at a step whose sampling distribution has entropy H nats; each trial runs to a segment end "
            + "(space, `>`, `<` or newline; the paper's punctuation never occurs in an answer) and the trial of lowest "
            + "perplexity is kept. Between branchings a step samples, as in the paper, or (\"greedy between\") takes "
            + "the argmax.%n",
        CautiousOptions.PAPER_ENTROPY_LOW, CautiousOptions.PAPER_ENTROPY_HIGH,
        CautiousOptions.PAPER_ENTROPY_LOW));
    md.append("- Compute: tokens forwarded per problem, what a KV-cached decoder runs through the model: the prompt "
        + "once, then one token per next-token distribution used after the first, in kept text and discarded trials "
        + "alike (the batched decoder also runs waiting rows as padding, not counted). Greedy's count is the prompt "
        + "plus the answer minus one.\n\n");

    md.append("## Accuracy and compute\n\n")
        .append("| arm | exact match [per seed] | tokens forwarded per problem [per seed] | branchings per problem |\n")
        .append("|---|---:|---:|---:|\n");
    for (Arm arm : CntpBench.arms()) {
      md.append("| ").append(arm.key()).append(" | ").append(spread(outcomes, arm, Score::accuracy, "%.4f"))
          .append(" | ").append(spread(outcomes, arm, Score::tokensForwarded, "%.2f")).append(" | ")
          .append(Spread.of(values(outcomes, arm.key(), Score::branchings)).format("%.2f")).append(" |\n");
    }

    md.append("\n## Reading (computed from the table above)\n\n")
        .append("Arms are compared seed by seed: the difference in exact match per seed, its mean ± sd, and on how many "
            + "seeds the first arm is ahead. Sampling and best-of-N are those of the CNTP arm's temperature; \"nearest "
            + "best-of-N\" is the one whose mean compute is closest to the CNTP arm's. Compute is relative to "
            + "greedy's.\n\n");
    for (Arm arm : CntpBench.arms().stream().filter(a -> a.name().startsWith("CNTP")).toList()) {
      Arm sampling = sameTemperature(arm, "sampling");
      Arm nearest = CntpBench.arms().stream()
          .filter(a -> a.name().startsWith("best-of-") && a.temperature() == arm.temperature())
          .min(Comparator.comparingDouble(a -> Math.abs(compute(outcomes, a) - compute(outcomes, arm))))
          .orElseThrow();
      md.append("- ").append(arm.key()).append(String.format(Locale.ROOT, " (%.2f× compute): − greedy ",
              compute(outcomes, arm)))
          .append(difference(outcomes, arm.key(), "greedy")).append("; − sampling ")
          .append(difference(outcomes, arm.key(), sampling.key())).append("; − ").append(nearest.name())
          .append(String.format(Locale.ROOT, " (%.2f×) ", compute(outcomes, nearest)))
          .append(difference(outcomes, arm.key(), nearest.key())).append(".\n");
    }
    md.append("\n");
    return md.toString();
  }

  private static Arm sameTemperature(Arm arm, String name) {
    return CntpBench.arms().stream().filter(a -> a.name().equals(name) && a.temperature() == arm.temperature())
        .findFirst().orElseThrow();
  }

  /** The arm's mean tokens forwarded per problem over greedy's. */
  private static double compute(List<Map<String, Score>> outcomes, Arm arm) {
    return mean(outcomes, arm.key(), Score::tokensForwarded) / mean(outcomes, "greedy", Score::tokensForwarded);
  }

  private static String difference(List<Map<String, Score>> outcomes, String a, String b) {
    double[] differences = outcomes.stream()
        .mapToDouble(o -> o.get(a).accuracy() - o.get(b).accuracy()).toArray();
    return Spread.of(differences).formatAhead();
  }

  private static String spread(
      List<Map<String, Score>> outcomes, Arm arm, ToDoubleFunction<Score> value, String pattern) {
    return Spread.of(values(outcomes, arm.key(), value)).formatWithSeeds(pattern);
  }

  private static double mean(List<Map<String, Score>> outcomes, String arm, ToDoubleFunction<Score> value) {
    return Spread.of(values(outcomes, arm, value)).mean();
  }

  private static double[] values(List<Map<String, Score>> outcomes, String arm, ToDoubleFunction<Score> value) {
    return outcomes.stream().mapToDouble(o -> value.applyAsDouble(o.get(arm))).toArray();
  }
}
