package dev.pedigree.workers.bench;

import dev.pedigree.workers.engine.EvalMetrics;
import dev.pedigree.workers.engine.StopSignal;
import dev.pedigree.workers.engine.Trainer;
import dev.pedigree.workers.engine.TrainingListener;
import dev.pedigree.workers.engine.optim.Optimizers;
import dev.pedigree.workers.engine.torch.TorchRuntime;
import dev.pedigree.workflows.spec.DataSpec;
import dev.pedigree.workflows.spec.OptimizationSpec;
import dev.pedigree.workflows.spec.OptimizerSpec;
import dev.pedigree.workflows.spec.PretrainSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * {@code pedigree bench frugal [--steps 1000] [--seeds 3] [--reselect-every 200]}: the METHODS.md §3.5 optimizer
 * arms on the demo's GPT and corpus, each at the same steps, batch, learning rate and schedule, once per seed
 * (initialization and data order): AdamW, FRUGAL at ρ = 0.25, AdamW on the same kind of ρ = 0.25 block selection with
 * the rest frozen (BAdam-like: FRUGAL with a state-free learning rate of 0) and signSGD everywhere. Prints one
 * {@code RESULT} line per run and writes {@code docs/results/optimizer.md} under the working directory.
 */
public final class FrugalBench {
  static final Path REPORT = Path.of("docs", "results", "optimizer.md");
  static final BenchModel MODEL = BenchModel.DEMO;
  static final double LEARNING_RATE = 3e-3;
  static final double DENSITY = 0.25;
  static final int EVALUATIONS = 5;

  /** One optimizer of the comparison. */
  record Arm(String name, OptimizerSpec optimizer) {}

  /** What one run measured: validation loss by step and its optimizer's largest state. */
  record RunResult(Map<Long, Double> valLoss, double peakStateBytes) {}

  private FrugalBench() {}

  /** Runs without the platform jar: {@code java -cp <workers classpath> dev.pedigree.workers.bench.FrugalBench}. */
  public static void main(String[] args) throws IOException {
    System.exit(run(args));
  }

  public static int run(String[] args) throws IOException {
    BenchOptions options = BenchOptions.parse(args, Set.of("steps", "seeds", "reselect-every"));
    int steps = options.positiveInt("steps", 1000);
    int seeds = options.positiveInt("seeds", 3);
    int reselectEvery = options.positiveInt("reselect-every", 200);
    String command = String.format(Locale.ROOT, "pedigree bench frugal --steps %d --seeds %d --reselect-every %d",
        steps, seeds, reselectEvery);
    List<Arm> arms = List.of(
        new Arm("AdamW", OptimizerSpec.adamW()),
        new Arm("FRUGAL ρ=0.25 (AdamW on the selected blocks, signSGD on the rest)",
            new OptimizerSpec(OptimizerSpec.FRUGAL, DENSITY, reselectEvery, 1.0)),
        new Arm("Block AdamW ρ=0.25, rest frozen (BAdam-like)",
            new OptimizerSpec(OptimizerSpec.FRUGAL, DENSITY, reselectEvery, 0.0)),
        new Arm("signSGD everywhere (no state)", OptimizerSpec.named(OptimizerSpec.SIGN_SGD)));
    System.out.printf(Locale.ROOT, "frugal: %s, batch %d, %d steps, %d seeds, intra-op threads %d; load average %s%n",
        MODEL.name(), MODEL.batchSize(), steps, seeds, TorchRuntime.threads(), MachineInfo.loadAverage());

    long started = System.nanoTime();
    List<FrugalReport.Outcome> outcomes = new ArrayList<>();
    for (Arm arm : arms) {
      List<RunResult> runs = new ArrayList<>();
      for (int seed = 1; seed <= seeds; seed++) {
        RunResult result = train(arm, steps, seed);
        runs.add(result);
        System.out.printf(Locale.ROOT, "RESULT frugal arm=\"%s\" seed=%d state_bytes=%.0f val_loss=%s%n", arm.name(),
            seed, result.peakStateBytes(), result.valLoss());
      }
      outcomes.add(new FrugalReport.Outcome(arm, runs));
    }
    double minutes = (System.nanoTime() - started) / 60e9;
    String report = FrugalReport.markdown(command, steps, seeds, reselectEvery, minutes, outcomes);
    ResultsFile.write(REPORT, report);
    System.out.printf(Locale.ROOT, "frugal: %.1f minutes; wrote %s%n", minutes, REPORT.toAbsolutePath());
    return 0;
  }

  static PretrainSpec spec(OptimizerSpec optimizer, int steps, long seed) {
    OptimizationSpec training = new OptimizationSpec(steps, MODEL.batchSize(), LEARNING_RATE,
        Math.min(30, steps / 10), 0.1, 1.0, Math.max(1, steps / EVALUATIONS), steps, seed, 1, optimizer);
    return new PretrainSpec(MODEL.model(), new DataSpec("g-text", 4000, 7L), training, "cpu");
  }

  private static RunResult train(Arm arm, int steps, long seed) throws IOException {
    Path workDir = Files.createTempDirectory("pedigree-bench-frugal-");
    Recorder recorder = new Recorder();
    try {
      new Trainer(spec(arm.optimizer(), steps, seed), workDir).run(Optional.empty(), recorder, StopSignal.NEVER);
    } finally {
      TrainBench.deleteTree(workDir);
    }
    return new RunResult(recorder.valLoss, recorder.peakStateBytes);
  }

  private static final class Recorder implements TrainingListener {
    final Map<Long, Double> valLoss = new TreeMap<>();
    double peakStateBytes;

    @Override
    public void onEval(EvalMetrics metrics) {
      valLoss.put(metrics.step(), metrics.valLoss());
    }

    @Override
    public void onMetrics(long step, Map<String, Double> values) {
      peakStateBytes = Math.max(peakStateBytes, values.getOrDefault(Optimizers.STATE_BYTES_METRIC, 0.0));
    }
  }
}
