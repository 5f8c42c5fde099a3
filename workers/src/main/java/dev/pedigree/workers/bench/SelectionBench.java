package dev.pedigree.workers.bench;

import dev.pedigree.workers.engine.StopSignal;
import dev.pedigree.workers.engine.Trainer;
import dev.pedigree.workers.engine.TrainingListener;
import dev.pedigree.workers.engine.optim.Optimizers;
import dev.pedigree.workers.engine.selection.SampledBatch;
import dev.pedigree.workers.engine.torch.TorchRuntime;
import dev.pedigree.workflows.spec.ModelSpec;
import dev.pedigree.workflows.spec.OptimizationSpec;
import dev.pedigree.workflows.spec.PretrainSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;

/**
 * {@code pedigree bench selection [--steps 300] [--seeds 1,2,3]}: every strategy of each METHODS.md §3.1 experiment
 * against uniform sampling, at the same steps, batch and so the same token budget, once per seed (the seed sets
 * initialization and sampling; the corpora stay fixed). Prints one {@code RESULT} line per run and writes the table to
 * {@code docs/results/data-selection.md} under the working directory.
 */
public final class SelectionBench {
  static final Path REPORT = Path.of("docs", "results", "data-selection.md");
  static final ModelSpec MODEL = new ModelSpec(2, 64, 4, 64);
  static final int BATCH_SIZE = 16;
  static final double DGA_LEARNING_RATE = 2.0;
  static final double PRESELECT_FRACTION = 0.3;

  private SelectionBench() {}

  /** Runs without the platform jar: {@code java -cp <workers classpath> dev.pedigree.workers.bench.SelectionBench}. */
  public static void main(String[] args) throws IOException {
    System.exit(run(args));
  }

  public static int run(String[] args) throws IOException {
    BenchOptions options = BenchOptions.parse(args, Set.of("steps", "seeds"));
    int steps = options.positiveInt("steps", 300);
    List<Integer> seeds = options.positiveInts("seeds", List.of(1, 2, 3));
    String command = "pedigree bench selection --steps " + steps + " --seeds "
        + String.join(",", seeds.stream().map(String::valueOf).toList());
    System.out.printf(Locale.ROOT, "selection: %s, batch %d, %d steps, seeds %s, intra-op threads %d; load average %s%n",
        MODEL, BATCH_SIZE, steps, seeds, TorchRuntime.threads(), MachineInfo.loadAverage());

    long started = System.nanoTime();
    List<SelectionReport.Outcome> outcomes = new ArrayList<>();
    List<SelectionExperiment> experiments = List.of(
        SelectionExperiment.lossReweighting(), SelectionExperiment.lossReweightingWithNoise(),
        SelectionExperiment.dga(DGA_LEARNING_RATE), SelectionExperiment.dgaSmallDomains(DGA_LEARNING_RATE),
        SelectionExperiment.dgaScarceTarget(DGA_LEARNING_RATE),
        SelectionExperiment.dgaSmallAndScarce(DGA_LEARNING_RATE), SelectionExperiment.preselect(PRESELECT_FRACTION));
    for (SelectionExperiment experiment : experiments) {
      for (SelectionExperiment.Arm arm : experiment.arms()) {
        List<SelectionReport.RunResult> runs = new ArrayList<>();
        for (int seed : seeds) {
          Finals finals = train(experiment, arm, steps, seed);
          SelectionReport.RunResult run = finals.result(experiment.heldOutDomains());
          runs.add(run);
          System.out.printf(Locale.ROOT, "RESULT selection experiment=%s strategy=%s seed=%d held_out_loss=%.4f%s%s%n",
              experiment.name(), arm.name(), seed, run.heldOut(), run.keyValues(), finals.measured());
        }
        outcomes.add(new SelectionReport.Outcome(experiment, arm.name(), runs));
      }
    }
    double minutes = (System.nanoTime() - started) / 60e9;
    String report = SelectionReport.markdown(command, steps, seeds, minutes, outcomes);
    ResultsFile.write(REPORT, report);
    System.out.printf(Locale.ROOT, "selection: %.1f minutes; wrote %s%n", minutes, REPORT.toAbsolutePath());
    return 0;
  }

  private static Finals train(SelectionExperiment experiment, SelectionExperiment.Arm arm, int steps, long seed)
      throws IOException {
    OptimizationSpec training =
        new OptimizationSpec(steps, BATCH_SIZE, 3e-3, Math.min(30, steps / 10), 0.1, 1.0, steps, steps, seed);
    PretrainSpec spec = new PretrainSpec(MODEL, experiment.dataOf(arm), training, "cpu", arm.selection());
    Path workDir = Files.createTempDirectory("pedigree-bench-selection-");
    Finals finals = new Finals(steps);
    try {
      new Trainer(spec, workDir).run(Optional.empty(), finals, StopSignal.NEVER);
    } finally {
      TrainBench.deleteTree(workDir);
    }
    return finals;
  }

  /**
   * The last evaluation and mixture of one run, and for strategies that weight samples each domain's mean sample weight
   * times the batch size (1 = uniform) over the last quarter of the steps.
   */
  private static final class Finals implements TrainingListener {
    final Map<String, Double> domainLosses = new LinkedHashMap<>();
    final long fromStep;
    double targetLoss = Double.NaN;
    OptionalDouble exactMatch = OptionalDouble.empty();
    Map<String, Double> mixture = Map.of();
    final Map<String, Double> measuredBeforeTraining = new LinkedHashMap<>();
    double[] weightSums = new double[0];
    long[] weightCounts = new long[0];

    Finals(int steps) {
      this.fromStep = steps - steps / 4;
    }

    @Override
    public void onSampleLosses(long step, long[] sampleIds, double[] losses, double[] weights) {
      if (step <= fromStep) {
        return;
      }
      for (int i = 0; i < sampleIds.length; i++) {
        int domain = SampledBatch.domainOf(sampleIds[i]);
        weightSums[domain] += weights[i] * weights.length;
        weightCounts[domain]++;
      }
    }

    Map<String, Double> relativeWeights() {
      Map<String, Double> relative = new LinkedHashMap<>();
      int domain = 0;
      for (String name : mixture.keySet()) {
        if (weightCounts.length > 0 && weightCounts[domain] > 0) {
          relative.put(name, weightSums[domain] / weightCounts[domain]);
        }
        domain++;
      }
      return relative;
    }

    @Override
    public void onMetrics(long step, Map<String, Double> values) {
      if (step == 0 && !values.containsKey(Optimizers.STATE_BYTES_METRIC)) {
        measuredBeforeTraining.putAll(values);
      }
    }

    /** What the strategy measured before training, as {@code  key=value} pairs. */
    String measured() {
      StringBuilder pairs = new StringBuilder();
      measuredBeforeTraining.forEach((key, value) ->
          pairs.append(String.format(Locale.ROOT, " %s=%.4f", key, value)));
      return pairs.toString();
    }

    @Override
    public void onDomainEval(long step, String domain, double valLoss) {
      domainLosses.put(domain, valLoss);
    }

    @Override
    public void onTargetEval(long step, double valLoss) {
      targetLoss = valLoss;
    }

    @Override
    public void onTaskEval(long step, String task, double accuracy) {
      exactMatch = OptionalDouble.of(accuracy);
    }

    @Override
    public void onDomainWeights(long step, Map<String, Double> weights) {
      mixture = weights;
      if (weightSums.length == 0) {
        weightSums = new double[weights.size()];
        weightCounts = new long[weights.size()];
      }
    }

    private double heldOut(List<String> domains) {
      return domains.isEmpty()
          ? targetLoss : domains.stream().mapToDouble(domainLosses::get).average().orElseThrow();
    }

    SelectionReport.RunResult result(List<String> heldOutDomains) {
      return new SelectionReport.RunResult(heldOut(heldOutDomains), domainLosses, mixture,
          relativeWeights(), exactMatch);
    }
  }
}
