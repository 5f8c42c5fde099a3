package dev.pedigree.workers.bench;

import dev.pedigree.workers.bench.WhpBench.Scores;
import dev.pedigree.workers.bench.WhpBench.SeedResult;
import dev.pedigree.workers.bench.WhpBench.Settings;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/** docs/results/unlearning.md from {@link WhpBench}'s per-seed scores. */
final class WhpReport {
  private WhpReport() {}

  static String markdown(String[] args, Settings settings, List<SeedResult> results, double minutes) {
    StringBuilder md = new StringBuilder();
    md.append(ResultsFile.opening(
        "Unlearning G-facts entities: WHP generic-label distillation vs gradient ascent vs inverted hinge", "whp", args,
        minutes, results.size(),
        ", per-seed values in brackets (each seed its own fact table, documents, base, control and runs)"));
    md.append("## Setup\n\n");
    md.append(String.format(Locale.ROOT,
        "- Data: a G-facts table of %d fictional entities × 4 attributes (city, job, colour, pet); the first %d "
            + "entities (%d facts) are the targets to forget. %d G-facts documents (G-text with one or two fact "
            + "sentences each) train the base. The control trains on the same documents with the targets' fact "
            + "sentences taken out. The forget texts are the training documents that state a target fact, with "
            + "every other fact sentence taken out (%s documents per seed).%n",
        settings.entities(), settings.targets(), settings.targets() * 4, WhpBench.DOCUMENTS,
        Spread.of(results.stream().mapToDouble(SeedResult::forgetDocuments).toArray()).format("%.0f")));
    md.append(String.format(Locale.ROOT,
        "- Models: byte-level GPT, %d layers, d=%d, %d heads, context %d, %s positions; base and control pretrained "
            + "for %d steps (batch %d, lr 3e-03), cached in `$PEDIGREE_HOME/bench/whp`. Reinforced: the base "
            + "fine-tuned on the forget texts for %d steps (a `distill` run with `loss: mixed, alpha: 1`, plain "
            + "cross-entropy, the unlearning arms' batch and learning rate).%n",
        WhpBench.MODEL.layers(), WhpBench.MODEL.dModel(), WhpBench.MODEL.heads(), WhpBench.MODEL.contextLength(),
        WhpBench.MODEL.positions(), settings.baseSteps(), WhpBench.BASE_BATCH, settings.reinforceSteps()));
    md.append(String.format(Locale.ROOT,
        "- Unlearning arms, each from the base, %d steps of %d forget windows, AdamW lr %.0e (10 warmup steps, "
            + "cosine decay), no weight decay, clip 1.0, the same window order: WHP (`distill` method `whp`, "
            + "genericAlpha %.2f, argmax labels: v_generic = v_base − α·ReLU(v_reinforced − v_base), the base "
            + "reading the text with each target name replaced by a fresh name of the same length); WHP with soft "
            + "labels (the same, T²·KL(softmax(v_generic / T) ‖ student) with T = 1 instead of the argmax); WHP "
            + "without "
            + "anchors (the base reads the text as written); gradient ascent (minimise −CE); inverted hinge loss "
            + "(LoKU: per token 1 + p(y) − max_{v≠y} p(v)).%n",
        settings.steps(), WhpBench.UNLEARN_BATCH, settings.learningRate(), settings.alpha()));
    md.append("- Metrics: forget / retain accuracy = exact match of the greedy completion of `<entity> <phrase>` "
        + "(e.g. `Zorvin lives in`) up to its full stop, over the targets' facts / every other entity's facts; "
        + "perplexities (per byte) of the targets' fact sentences, the other facts' sentences, and 100 held-out "
        + "G-text documents (cut to the context).\n\n");
    md.append("## Results\n\n");
    md.append("| model | forget accuracy | retain accuracy | forget-fact ppl | retain-fact ppl | general-text ppl |\n");
    md.append("|---|---:|---:|---:|---:|---:|\n");
    for (String arm : WhpBench.ARMS) {
      md.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s |%n", arm,
          spread(results, arm, Scores::forgetAccuracy).formatWithSeeds("%.3f"),
          spread(results, arm, Scores::retainAccuracy).formatWithSeeds("%.3f"),
          spread(results, arm, Scores::forgetPerplexity).format("%.2f"),
          spread(results, arm, Scores::retainPerplexity).format("%.3f"),
          spread(results, arm, Scores::generalPerplexity).format("%.3f")));
    }
    md.append("\n## Reading (computed from the table above)\n\n");
    Spread control = spread(results, WhpBench.ARMS.get(2), Scores::forgetAccuracy);
    Spread baseRetain = spread(results, "base", Scores::retainPerplexity);
    Spread baseRetainAccuracy = spread(results, "base", Scores::retainAccuracy);
    Spread baseGeneral = spread(results, "base", Scores::generalPerplexity);
    for (String arm : WhpBench.ARMS.subList(3, WhpBench.ARMS.size())) {
      Spread forget = spread(results, arm, Scores::forgetAccuracy);
      Spread retain = spread(results, arm, Scores::retainAccuracy);
      md.append(String.format(Locale.ROOT,
          "- %s: forget accuracy %.3f against the control's %.3f (Δ %+.3f); retain accuracy %.3f against the base's "
              + "%.3f (Δ %+.3f); retain-fact ppl %.3g× the base's; general-text ppl %.3g× the base's.%n",
          arm, forget.mean(), control.mean(), forget.mean() - control.mean(), retain.mean(), baseRetainAccuracy.mean(),
          retain.mean() - baseRetainAccuracy.mean(),
          spread(results, arm, Scores::retainPerplexity).mean() / baseRetain.mean(),
          spread(results, arm, Scores::generalPerplexity).mean() / baseGeneral.mean()));
    }
    md.append('\n');
    return md.toString();
  }

  private static Spread spread(List<SeedResult> results, String arm, ToDoubleFunction<Scores> value) {
    return Spread.of(results.stream().mapToDouble(result -> value.applyAsDouble(result.arms().get(arm))).toArray());
  }
}
