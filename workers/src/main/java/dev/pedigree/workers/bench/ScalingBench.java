package dev.pedigree.workers.bench;

import dev.pedigree.workers.engine.EvalMetrics;
import dev.pedigree.workers.engine.StopSignal;
import dev.pedigree.workers.engine.Trainer;
import dev.pedigree.workers.engine.TrainingListener;
import dev.pedigree.workers.engine.scaling.BootstrapLaws;
import dev.pedigree.workers.engine.scaling.ScalingLaw;
import dev.pedigree.workers.engine.scaling.ScalingLawFit;
import dev.pedigree.workers.engine.scaling.ScalingPoint;
import dev.pedigree.workers.engine.torch.TorchRuntime;
import dev.pedigree.workflows.spec.DataSpec;
import dev.pedigree.workflows.spec.ModelSpec;
import dev.pedigree.workflows.spec.OptimizationSpec;
import dev.pedigree.workflows.spec.PretrainSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * {@code pedigree bench scaling [--widths 32,48,64] [--steps 800,1200,1600] [--holdout-width 96]
 * [--holdout-steps 2400] [--resamples 500]}: METHODS.md §3.5's scaling-law fit over run history. Trains a grid of
 * two-layer GPTs (every width at every step count) on G-text, fits L(N, D) = E + A/N^α + B/D^β to their final
 * validation losses, then trains one held-out run with more parameters and more tokens than any grid run and compares
 * the law's prediction (with a bootstrap interval over the grid runs) against what it reached, and against the naive
 * guess of the best grid run's loss. Prints a {@code RESULT} line per run and writes {@code docs/results/scaling.md}.
 * The default step counts start past the drop G-text's loss takes between 200 and 800 steps at these widths, which
 * no sum of power laws follows (docs/results/scaling.md, Discussion).
 */
public final class ScalingBench {
  static final Path REPORT = Path.of("docs", "results", "scaling.md");
  static final int LAYERS = 2;
  static final int HEADS = 4;
  static final int CONTEXT = 64;
  static final int BATCH = 16;
  static final double LEARNING_RATE = 3e-3;
  /**
   * About 1.97M training bytes (tokens): the grid's runs stay within one epoch, the default held-out run's 2.46M
   * tokens repeat a quarter of them (D counts tokens trained on, repeats included).
   */
  static final int DOCUMENTS = 16_000;
  static final double INTERVAL_LEVEL = 0.9;
  static final long BOOTSTRAP_SEED = 1;

  /** One trained run. */
  record Trained(String name, PretrainSpec spec, double valLoss) {
    ScalingPoint point() {
      return new ScalingPoint(name, spec.model().nonEmbeddingParameters(), spec.trainingTokens(), valLoss);
    }
  }

  private ScalingBench() {}

  /** Runs without the platform jar: {@code java -cp <workers classpath> dev.pedigree.workers.bench.ScalingBench}. */
  public static void main(String[] args) throws IOException {
    System.exit(run(args));
  }

  public static int run(String[] args) throws IOException {
    BenchOptions options =
        BenchOptions.parse(args, Set.of("widths", "steps", "holdout-width", "holdout-steps", "resamples"));
    List<Integer> widths = options.positiveInts("widths", List.of(32, 48, 64));
    List<Integer> stepCounts = options.positiveInts("steps", List.of(800, 1200, 1600));
    int holdoutWidth = options.positiveInt("holdout-width", 96);
    int holdoutSteps = options.positiveInt("holdout-steps", 2400);
    int resamples = options.positiveInt("resamples", 500);
    String command = String.format(Locale.ROOT,
        "pedigree bench scaling --widths %s --steps %s --holdout-width %d --holdout-steps %d --resamples %d",
        joined(widths), joined(stepCounts), holdoutWidth, holdoutSteps, resamples);
    System.out.printf(Locale.ROOT, "scaling: %d grid runs, held-out d=%d for %d steps, intra-op threads %d; load"
        + " average %s%n", widths.size() * stepCounts.size(), holdoutWidth, holdoutSteps, TorchRuntime.threads(),
        MachineInfo.loadAverage());

    long started = System.nanoTime();
    List<Trained> grid = new ArrayList<>();
    for (int width : widths) {
      for (int steps : stepCounts) {
        grid.add(train(width, steps));
      }
    }
    List<ScalingPoint> points = grid.stream().map(Trained::point).toList();
    Optional<String> shortfall = ScalingLawFit.shortfall(points);
    if (shortfall.isPresent()) {
      System.err.println("scaling: the grid " + shortfall.get());
      return 2;
    }
    ScalingLaw law = ScalingLawFit.fit(points);
    BootstrapLaws bootstrap = BootstrapLaws.resample(points, law, resamples, BOOTSTRAP_SEED);
    Trained heldOut = train(holdoutWidth, holdoutSteps);
    double minutes = (System.nanoTime() - started) / 60e9;

    ScalingReport.Result result = new ScalingReport.Result(grid, law, bootstrap, heldOut);
    System.out.printf(Locale.ROOT, "RESULT scaling law E=%.4f A=%.4g alpha=%.4f B=%.4g beta=%.4f%n",
        law.irreducible(), law.a(), law.alpha(), law.b(), law.beta());
    System.out.printf(Locale.ROOT, "RESULT scaling held-out actual=%.4f predicted=%.4f interval=[%.4f, %.4f]"
        + " naive=%.4f%n", heldOut.valLoss(), result.predicted(), result.interval().low(), result.interval().high(),
        result.naive().valLoss());
    String report = ScalingReport.markdown(command, minutes, result);
    ResultsFile.write(REPORT, report);
    System.out.printf(Locale.ROOT, "scaling: %.1f minutes; wrote %s%n", minutes, REPORT.toAbsolutePath());
    return 0;
  }

  static PretrainSpec spec(int width, int steps) {
    OptimizationSpec training = new OptimizationSpec(steps, BATCH, LEARNING_RATE, Math.min(30, steps / 10), 0.1, 1.0,
        steps, steps, 1L);
    return new PretrainSpec(new ModelSpec(LAYERS, width, HEADS, CONTEXT), new DataSpec("g-text", DOCUMENTS, 7L),
        training, "cpu");
  }

  private static Trained train(int width, int steps) throws IOException {
    PretrainSpec spec = spec(width, steps);
    Path workDir = Files.createTempDirectory("pedigree-bench-scaling-");
    FinalLoss recorder = new FinalLoss();
    long started = System.nanoTime();
    try {
      new Trainer(spec, workDir).run(Optional.empty(), recorder, StopSignal.NEVER);
    } finally {
      TrainBench.deleteTree(workDir);
    }
    Trained trained = new Trained("d" + width + "-s" + steps, spec, recorder.valLoss);
    System.out.printf(Locale.ROOT, "RESULT scaling run=%s N=%d D=%d val_loss=%.4f seconds=%.0f%n", trained.name(),
        spec.model().nonEmbeddingParameters(), spec.trainingTokens(), trained.valLoss(),
        (System.nanoTime() - started) / 1e9);
    return trained;
  }

  private static String joined(List<Integer> values) {
    return String.join(",", values.stream().map(String::valueOf).toList());
  }

  /** The validation loss of the last evaluation, the one at the final step. */
  private static final class FinalLoss implements TrainingListener {
    double valLoss = Double.NaN;

    @Override
    public void onEval(EvalMetrics metrics) {
      valLoss = metrics.valLoss();
    }
  }
}
