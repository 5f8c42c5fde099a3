package dev.pedigree.workers.bench;

import dev.pedigree.workers.engine.StopSignal;
import dev.pedigree.workers.engine.Trainer;
import dev.pedigree.workers.engine.TrainingSummary;
import dev.pedigree.workers.engine.torch.TorchRuntime;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * {@code pedigree bench soak [--steps 5000]}: trains the demo model on the CPU (evaluation and checkpoints every 50
 * steps, as examples/demo.json) and samples the process's RSS every 250 steps. Fails (exit 1) when RSS grows more than
 * 5% from step 500 to the end: native memory that leaks per step shows up there.
 */
public final class SoakBench {
  private static final int SAMPLE_EVERY = 250;
  private static final int BASELINE_STEP = 500;
  private static final int CHECKPOINT_EVERY = 50;
  private static final double MAX_GROWTH = 0.05;

  private SoakBench() {}

  public static int run(String[] args) throws IOException {
    BenchOptions options = BenchOptions.parse(args, Set.of("steps"));
    int steps = options.positiveInt("steps", 5000);
    if (steps < BASELINE_STEP + SAMPLE_EVERY) {
      throw new IllegalArgumentException("--steps must be at least " + (BASELINE_STEP + SAMPLE_EVERY));
    }
    System.out.printf(Locale.ROOT, "soak: %s, %d steps, intra-op threads %d, RSS every %d steps; load average %s%n",
        BenchModel.DEMO.name(), steps, TorchRuntime.threads(), SAMPLE_EVERY, MachineInfo.loadAverage());

    RssSampler sampler = new RssSampler(SAMPLE_EVERY);
    Path workDir = Files.createTempDirectory("pedigree-bench-soak-");
    long started = System.nanoTime();
    TrainingSummary summary;
    try {
      summary = new Trainer(BenchModel.DEMO.spec(steps, CHECKPOINT_EVERY), workDir)
          .run(Optional.empty(), sampler, StopSignal.NEVER);
    } finally {
      TrainBench.deleteTree(workDir);
    }
    double seconds = (System.nanoTime() - started) / 1e9;

    List<RssSampler.Sample> samples = sampler.samples();
    System.out.printf(Locale.ROOT, "%7s %10s %14s %18s %8s%n", "step", "RSS MiB", "heap used MiB", "heap committed MiB",
        "loss");
    for (RssSampler.Sample s : samples) {
      System.out.printf(Locale.ROOT, "%7d %10.1f %14.1f %18.1f %8.4f%n", s.step(), s.rssKib() / 1024.0,
          s.heapUsedKib() / 1024.0, s.heapCommittedKib() / 1024.0, s.loss());
      System.out.printf(Locale.ROOT, "RESULT soak step=%d rss_kib=%d heap_used_kib=%d heap_committed_kib=%d%n",
          s.step(), s.rssKib(), s.heapUsedKib(), s.heapCommittedKib());
    }
    RssSampler.Sample baseline = samples.stream().filter(s -> s.step() == BASELINE_STEP).findFirst().orElseThrow();
    RssSampler.Sample last = samples.get(samples.size() - 1);
    double growth = (double) (last.rssKib() - baseline.rssKib()) / baseline.rssKib();
    boolean passed = growth <= MAX_GROWTH;
    System.out.printf(Locale.ROOT,
        "RESULT soak steps=%d seconds=%.1f final_loss=%.4f rss_step%d_kib=%d rss_end_kib=%d growth=%.4f limit=%.2f"
            + " %s%n",
        summary.steps(), seconds, summary.finalLoss(), BASELINE_STEP, baseline.rssKib(), last.rssKib(), growth,
        MAX_GROWTH, passed ? "PASS" : "FAIL");
    return passed ? 0 : 1;
  }
}
