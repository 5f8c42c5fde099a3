package dev.pedigree.workers.bench;

import dev.pedigree.workers.engine.torch.TorchRuntime;
import java.util.List;
import java.util.Locale;

/**
 * docs/results/optimizer.md: the command, the setup and the table of optimizer arms, as the runs produced them; the
 * Discussion below them is written by hand and kept across runs.
 */
final class FrugalReport {
  private FrugalReport() {}

  /** One arm over all seeds, runs in seed order. */
  record Outcome(FrugalBench.Arm arm, List<FrugalBench.RunResult> runs) {
    Spread valLossAt(long step) {
      return Spread.of(runs.stream().mapToDouble(run -> run.valLoss().get(step)).toArray());
    }

    Spread stateBytes() {
      return Spread.of(runs.stream().mapToDouble(FrugalBench.RunResult::peakStateBytes).toArray());
    }

    List<Long> evalSteps() {
      return List.copyOf(runs.get(0).valLoss().keySet());
    }
  }

  static String markdown(
      String command, int steps, int seeds, int reselectEvery, double minutes, List<Outcome> outcomes) {
    Outcome adamW = outcomes.get(0);
    List<Long> evalSteps = adamW.evalSteps();
    long last = evalSteps.get(evalSteps.size() - 1);
    StringBuilder text = new StringBuilder();
    text.append("# Optimizers: FRUGAL against AdamW at a fraction of the state (METHODS.md §2.6, §3.5)\n\n");
    text.append("Written by `").append(command).append("`; everything above the Discussion is the bench's output.\n\n");
    text.append(String.format(Locale.ROOT, """
        Setup: the demo's GPT (%d layers, d=%d, %d heads, context %d, tied head) pretrained on its G-text corpus
        (4000 documents, seed 7), batch %d, %d steps, peak learning rate %s with %d warmup steps and cosine decay to a
        tenth, weight decay 0.1, clipping at 1, the same for every arm; seeds 1..%d set initialization and data order.
        FRUGAL and the block arm draw a new selection of block matrices every %d steps. Validation loss (nats per
        token on the held-out split) at fixed steps and the optimizer's state (`optim/state_bytes`: fp32 moments and
        step counts, the largest over the run), mean ± sd over seeds [per seed at the last step]. %.1f minutes on %s,
        %d intra-op threads.

        """, FrugalBench.MODEL.model().layers(), FrugalBench.MODEL.model().dModel(),
        FrugalBench.MODEL.model().heads(), FrugalBench.MODEL.model().contextLength(), FrugalBench.MODEL.batchSize(),
        steps, FrugalBench.LEARNING_RATE,
        Math.min(30, steps / 10), seeds, reselectEvery, minutes, MachineInfo.cpuModel(), TorchRuntime.threads()));
    text.append("| arm | optimizer state, bytes | of AdamW's |");
    evalSteps.forEach(step -> text.append(" val loss @").append(step).append(" |"));
    text.append(" Δ vs AdamW @").append(last).append(" | seeds better than AdamW |\n");
    text.append("|---|---|---|").append("---|".repeat(evalSteps.size())).append("---|---|\n");
    for (Outcome outcome : outcomes) {
      boolean baseline = outcome == adamW;
      text.append("| ").append(outcome.arm().name()).append(" | ").append(outcome.stateBytes().format("%.0f"))
          .append(" | ")
          .append(String.format(Locale.ROOT, "%.2f", outcome.stateBytes().mean() / adamW.stateBytes().mean()))
          .append(" |");
      // Per seed at the last step only, to keep the table readable.
      evalSteps.forEach(step -> text.append(" ").append(step == last
          ? outcome.valLossAt(step).formatWithSeeds("%.4f") : outcome.valLossAt(step).format("%.4f")).append(" |"));
      text.append(" ").append(baseline ? "—" : outcome.valLossAt(last).versus(adamW.valLossAt(last), false))
          .append(" | ").append(baseline ? "—" : betterSeeds(outcome, adamW, last)).append(" |\n");
    }
    return text.append("\n").toString();
  }

  private static String betterSeeds(Outcome outcome, Outcome baseline, long step) {
    double[] values = outcome.valLossAt(step).values();
    double[] reference = baseline.valLossAt(step).values();
    int better = 0;
    for (int i = 0; i < values.length; i++) {
      better += values[i] < reference[i] ? 1 : 0;
    }
    return better + " of " + values.length;
  }
}
