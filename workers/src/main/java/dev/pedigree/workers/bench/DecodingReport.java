package dev.pedigree.workers.bench;

import dev.pedigree.workers.bench.ConflictEvaluation.Arm;
import dev.pedigree.workers.bench.ConflictEvaluation.ArmScores;
import dev.pedigree.workers.bench.ConflictEvaluation.Outcome;
import dev.pedigree.workflows.spec.PretrainSpec;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/** docs/results/decoding.md from {@code bench adacad}: means ± sample standard deviations over seeds. */
final class DecodingReport {
  private DecodingReport() {}

  static String markdown(
      String[] args, PretrainSpec base, int freshFifths, int questions, List<Outcome> outcomes, double minutes) {
    StringBuilder md = new StringBuilder();
    md.append(ResultsFile.opening("Context-aware decoding under knowledge conflicts: greedy vs CAD vs AdaCAD on G-facts",
        "adacad", args, minutes, outcomes.size(),
        " (each seed its own fact table, training documents, model and questions)"));
    md.append("## Setup\n\n");
    md.append(String.format(Locale.ROOT,
        "- Data (`GFactsConflictGenerator`): a G-facts table of %d fictional entities × 4 attributes (city, job, "
            + "colour, pet). %d training documents: %d in 5 closed-book questions about table facts "
            + "(`Q: Zorvin has a pet? <a>owl</a>`), %d in 5 questions about a fresh entity stated only in the "
            + "document's context (copying from context is the only way), 1 in 5 questions about a table entity "
            + "after a context that agrees with the table. A context is the asked fact's sentence, half the time "
            + "with a sentence about another attribute of the same entity. No training document contradicts the "
            + "table.%n",
        DecodingBench.ENTITIES, DecodingBench.DOCUMENTS, 4 - freshFifths, freshFifths));
    md.append(String.format(Locale.ROOT,
        "- Model: byte-level GPT, %d layers, d=%d, %d heads, context %d, %s positions, pretrained for %d steps "
            + "(batch %d, lr %.0e) on those documents; cached in `$PEDIGREE_HOME/bench/adacad`.%n",
        base.model().layers(), base.model().dModel(), base.model().heads(), base.model().contextLength(),
        base.model().positions(), base.training().steps(), base.training().batchSize(),
        base.training().learningRate()));
    md.append(String.format(Locale.ROOT,
        "- Questions: %d conflict (a table entity and attribute, the context states another value of the "
            + "attribute; the right answer is the context's, as in NQ-Swap) and %d no-conflict (the context states "
            + "the table's value). Exact match of ` <a>value</a>`, greedy over the combined scores, up to %d new "
            + "tokens.%n",
        questions, questions, ConflictEvaluation.MAX_NEW_TOKENS));
    md.append(String.format(Locale.ROOT,
        "- Arms: greedy on the with-context distribution; CAD: log p(·|ctx,x) + α (log p(·|ctx,x) − log p(·|x)) "
            + "with α = %.1f (the AdaCAD paper's static baseline); AdaCAD: the same with α_t = JSD(p(·|ctx,x), "
            + "p(·|x)) per token, natural log, in [0, ln 2 ≈ 0.693], not normalised (as in AdaCAD's code). Both "
            + "sequences run in one batch, each with its KV cache rows.%n%n",
        ConflictEvaluation.ARMS.get(1).contrast().alpha()));

    md.append(String.format(Locale.ROOT, "Closed-book accuracy (table value, asked without context; what the model "
        + "memorised): %s.%n%n", Spread.of(values(outcomes, Outcome::closedBook)).formatWithSeeds("%.3f")));
    md.append("## Accuracy\n\n")
        .append("| decoding | conflict | no conflict | mix (half each) [per seed] | conflict answered from memory |\n")
        .append("|---|---:|---:|---:|---:|\n");
    for (Arm arm : ConflictEvaluation.ARMS) {
      md.append("| ").append(arm.name()).append(" | ")
          .append(spread(outcomes, arm, ArmScores::conflictAccuracy)).append(" | ")
          .append(spread(outcomes, arm, ArmScores::noConflictAccuracy)).append(" | ")
          .append(Spread.of(values(outcomes, o -> o.arm(arm.name()).mixedAccuracy())).formatWithSeeds("%.4f"))
          .append(" | ")
          .append(spread(outcomes, arm, ArmScores::conflictParametric)).append(" |\n");
    }
    md.append("\n## AdaCAD's weight\n\n")
        .append("Per question, the mean α_t over the tokens AdaCAD generated (the ` <a>`, value and `</a>` tokens "
            + "alike) and the largest α_t; each averaged over the questions of a kind:\n\n")
        .append("| questions | mean α_t | largest α_t |\n|---|---:|---:|\n");
    for (boolean conflict : new boolean[] {true, false}) {
      md.append(conflict ? "| conflict | " : "| no conflict | ")
          .append(Spread.of(values(outcomes, o -> alpha(o, conflict, false))).formatWithSeeds("%.4f")).append(" | ")
          .append(Spread.of(values(outcomes, o -> alpha(o, conflict, true))).formatWithSeeds("%.4f")).append(" |\n");
    }

    md.append("\n## Reading (computed from the tables above)\n\n");
    Spread greedyMix = Spread.of(values(outcomes, o -> o.arm("greedy").mixedAccuracy()));
    for (String name : List.of("CAD", "AdaCAD")) {
      md.append("- ").append(name).append(" vs greedy, mix accuracy: ")
          .append(Spread.of(values(outcomes, o -> o.arm(name).mixedAccuracy())).versus(greedyMix, true)).append(".\n");
    }
    md.append("- AdaCAD vs CAD, mix accuracy: ")
        .append(Spread.of(values(outcomes, o -> o.arm("AdaCAD").mixedAccuracy()))
            .versus(Spread.of(values(outcomes, o -> o.arm("CAD").mixedAccuracy())), true)).append(".\n");
    md.append("- AdaCAD's mean α_t, conflict vs no conflict: ")
        .append(Spread.of(values(outcomes, o -> alpha(o, true, false)))
            .versus(Spread.of(values(outcomes, o -> alpha(o, false, false))), true))
        .append(" (\"better\" = larger on conflicts).\n\n");
    return md.toString();
  }

  private static double alpha(Outcome outcome, boolean conflict, boolean largest) {
    ArmScores adaCad = outcome.arm("AdaCAD");
    return conflict
        ? (largest ? adaCad.conflictMaxAlpha() : adaCad.conflictAlpha())
        : (largest ? adaCad.noConflictMaxAlpha() : adaCad.noConflictAlpha());
  }

  private static String spread(List<Outcome> outcomes, Arm arm, ToDoubleFunction<ArmScores> value) {
    return Spread.of(values(outcomes, o -> value.applyAsDouble(o.arm(arm.name())))).format("%.3f");
  }

  private static double[] values(List<Outcome> outcomes, ToDoubleFunction<Outcome> value) {
    return outcomes.stream().mapToDouble(value).toArray();
  }
}
