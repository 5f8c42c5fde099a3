package dev.pedigree.workers.bench;

import dev.pedigree.workers.engine.scaling.BootstrapLaws;
import dev.pedigree.workers.engine.scaling.ScalingLaw;
import dev.pedigree.workers.engine.torch.TorchRuntime;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * docs/results/scaling.md: the command, the grid, the fitted law and the held-out comparison, as the runs produced
 * them; the Discussion below them is written by hand and kept across runs.
 */
final class ScalingReport {
  private ScalingReport() {}

  /** What the bench measured and fitted. */
  record Result(List<ScalingBench.Trained> grid, ScalingLaw law, BootstrapLaws bootstrap,
      ScalingBench.Trained heldOut) {
    double predicted() {
      return law.predict(heldOut.point().parameters(), heldOut.point().tokens());
    }

    BootstrapLaws.Interval interval() {
      return bootstrap.interval(heldOut.point().parameters(), heldOut.point().tokens(), ScalingBench.INTERVAL_LEVEL);
    }

    /** The best grid run: what one would guess the bigger run reaches without a law. */
    ScalingBench.Trained naive() {
      return grid.stream().min(Comparator.comparingDouble(ScalingBench.Trained::valLoss)).orElseThrow();
    }
  }

  static String markdown(String command, double minutes, Result result) {
    StringBuilder text = new StringBuilder();
    text.append("# Scaling laws fitted over run history (METHODS.md §3.5, §2.5)\n\n");
    text.append("Written by `").append(command).append("`; everything above the Discussion is the bench's output.\n\n");
    text.append(String.format(Locale.ROOT, """
        Setup: GPTs of %d layers, %d heads, context %d, tied head, learned positions, pretrained on G-text (%d
        documents, seed 7, byte tokens), batch %d, peak learning rate %s with min(30, steps/10) warmup steps and cosine
        decay to a tenth over each run's own steps, weight decay 0.1, clipping at 1, seed 1. N = non-embedding
        parameters, D = steps × batch × context tokens, L = validation loss (nats per byte) at the last step. The law
        L(N, D) = E + A/N^α + B/D^β is fitted as Chinchilla's approach 3 (Huber δ = 10⁻³ on log-loss residuals,
        Nelder–Mead from a grid of starts); the interval is the central %.0f%% of %d refits to runs resampled with
        replacement. %.1f minutes on %s, %d intra-op threads.

        """, ScalingBench.LAYERS, ScalingBench.HEADS, ScalingBench.CONTEXT, ScalingBench.DOCUMENTS,
        ScalingBench.BATCH, ScalingBench.LEARNING_RATE, 100 * ScalingBench.INTERVAL_LEVEL,
        result.bootstrap().laws().size(), minutes, MachineInfo.cpuModel(), TorchRuntime.threads()));

    text.append("## Grid runs (the fit's points)\n\n");
    text.append("| run | d | N | steps | D | val loss | law | residual |\n|---|---|---|---|---|---|---|---|\n");
    for (ScalingBench.Trained run : result.grid()) {
      double fitted = result.law().predict(run.point().parameters(), run.point().tokens());
      text.append(String.format(Locale.ROOT, "| %s | %d | %,d | %d | %,d | %.4f | %.4f | %+.4f |%n", run.name(),
          run.spec().model().dModel(), run.spec().model().nonEmbeddingParameters(), run.spec().training().steps(),
          run.spec().trainingTokens(), run.valLoss(), fitted, run.valLoss() - fitted));
    }

    ScalingLaw law = result.law();
    text.append("\n## Fitted law\n\n| E | A | α | B | β |\n|---|---|---|---|---|\n");
    text.append(String.format(Locale.ROOT, "| %.4f | %.4g | %.4f | %.4g | %.4f |%n%n", law.irreducible(), law.a(),
        law.alpha(), law.b(), law.beta()));

    ScalingBench.Trained heldOut = result.heldOut();
    BootstrapLaws.Interval interval = result.interval();
    ScalingBench.Trained naive = result.naive();
    text.append(String.format(Locale.ROOT, """
        ## Held-out run: %s (N = %,d, D = %,d; the grid's largest are N = %,d, D = %,d)

        | estimate | val loss | error vs actual |
        |---|---|---|
        | actual | %.4f | — |
        | scaling law | %.4f (%.0f%% interval %.4f – %.4f) | %+.4f (%+.1f%%) |
        | naive: best grid run (%s) | %.4f | %+.4f (%+.1f%%) |

        """, heldOut.name(), heldOut.spec().model().nonEmbeddingParameters(), heldOut.spec().trainingTokens(),
        result.grid().stream().mapToLong(run -> run.spec().model().nonEmbeddingParameters()).max().orElseThrow(),
        result.grid().stream().mapToLong(run -> run.spec().trainingTokens()).max().orElseThrow(),
        heldOut.valLoss(), result.predicted(), 100 * ScalingBench.INTERVAL_LEVEL, interval.low(), interval.high(),
        result.predicted() - heldOut.valLoss(), 100 * (result.predicted() / heldOut.valLoss() - 1), naive.name(),
        naive.valLoss(), naive.valLoss() - heldOut.valLoss(), 100 * (naive.valLoss() / heldOut.valLoss() - 1)));
    return text.toString();
  }
}
