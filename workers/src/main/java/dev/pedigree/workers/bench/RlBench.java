package dev.pedigree.workers.bench;

import dev.pedigree.workers.engine.StopSignal;
import dev.pedigree.workers.engine.Trainer;
import dev.pedigree.workers.engine.TrainingListener;
import dev.pedigree.workers.engine.preference.PreferenceJob;
import dev.pedigree.workers.engine.rl.RlJob;
import dev.pedigree.workers.engine.torch.TorchRuntime;
import dev.pedigree.workflows.spec.DataSpec;
import dev.pedigree.workflows.spec.ModelSpec;
import dev.pedigree.workflows.spec.OptimizationSpec;
import dev.pedigree.workflows.spec.PairsSpec;
import dev.pedigree.workflows.spec.PreferenceSpec;
import dev.pedigree.workflows.spec.PretrainSpec;
import dev.pedigree.workflows.spec.PromptSpec;
import dev.pedigree.workflows.spec.RlSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * {@code pedigree bench rl [--seeds 3] [--base-steps N] [--rl-steps N] [--pref-steps N] [--eval-every K]}: pretrains a
 * small G-arith base (cached under {@code $PEDIGREE_HOME/bench/rl}), then per seed runs GRPO and GTPO from it (greedy
 * exact-match accuracy on held-out prompts every K steps) and DPO, TDPO and TGDPO (guided by that seed's DPO model) on
 * pairs sampled from it, and writes docs/results/rl.md (relative to the working directory) with the numbers.
 */
public final class RlBench {
  static final Path OUTPUT = Path.of("docs", "results", "rl.md");
  private static final String BASE_ID = "00000000-0000-4000-8000-00000000ba5e";
  private static final String GUIDE_ID = "00000000-0000-4000-8000-0000000091de";
  private static final long DATA_SEED = 7;
  private static final int EVAL_PROMPTS = 256;

  private RlBench() {}

  /** What one run reported: metrics by step, and its wall time. */
  record Run(String method, long seed, NavigableMap<Long, Map<String, Double>> metrics, double seconds) {
    double at(long step, String key) {
      return metrics.getOrDefault(step, Map.of()).getOrDefault(key, Double.NaN);
    }

    long lastStep() {
      return metrics.lastKey();
    }

    /** The mean of {@code key} over the last {@code count} steps that report it. */
    double lastMean(String key, int count) {
      List<Double> values = metrics.values().stream().filter(m -> m.containsKey(key)).map(m -> m.get(key)).toList();
      return values.subList(Math.max(0, values.size() - count), values.size()).stream()
          .mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
    }
  }

  public static int run(String[] args) throws IOException {
    BenchOptions options =
        BenchOptions.parse(args, Set.of("seeds", "base-steps", "rl-steps", "pref-steps", "eval-every"));
    int seeds = options.positiveInt("seeds", 3);
    int baseSteps = options.positiveInt("base-steps", 6000);
    int rlSteps = options.positiveInt("rl-steps", 300);
    int prefSteps = options.positiveInt("pref-steps", 60);
    int evalEvery = options.positiveInt("eval-every", 50);
    TorchRuntime.initialize();
    Path home = Path.of(System.getenv().getOrDefault("PEDIGREE_HOME", System.getProperty("user.home") + "/.pedigree"));
    Path runDir = home.resolve("bench").resolve("rl");
    long started = System.nanoTime();

    PretrainSpec baseSpec = baseSpec(baseSteps);
    Path base = cachedBase(runDir.resolve("base-" + baseSteps), baseSpec);
    List<Run> runs = new ArrayList<>();
    for (long s = 1; s <= seeds; s++) {
      long seed = s;
      for (String method : List.of("grpo", "gtpo")) {
        RlSpec spec = rlSpec(method, rlSteps, evalEvery, seed);
        runs.add(timed(method, seed, recorder ->
            new RlJob(spec, Map.of("base", base), fresh(runDir, method, seed)).run(Optional.empty(), recorder,
                StopSignal.NEVER)));
      }
      Path[] guide = new Path[1];
      for (String method : List.of("dpo", "tdpo", "tgdpo")) {
        PreferenceSpec spec = preferenceSpec(method, prefSteps, seed);
        Map<String, Path> models = method.equals("tgdpo") ? Map.of("base", base, "guide", guide[0]) : Map.of("base", base);
        runs.add(timed(method, seed, recorder -> {
          Path model = new PreferenceJob(spec, models, fresh(runDir, method, seed))
              .run(Optional.empty(), recorder, StopSignal.NEVER).model();
          if (method.equals("dpo")) {
            guide[0] = model;
          }
        }));
      }
    }
    double minutes = (System.nanoTime() - started) / 60e9;
    String report = RlReport.markdown(args, baseSpec, rlSpec("grpo", rlSteps, evalEvery, 1),
        rlSpec("gtpo", rlSteps, evalEvery, 1), preferenceSpec("tgdpo", prefSteps, 1), runs, seeds, minutes);
    Files.createDirectories(OUTPUT.getParent());
    Files.writeString(OUTPUT, report);
    System.out.print(report);
    System.out.println("wrote " + OUTPUT.toAbsolutePath());
    return 0;
  }

  static PretrainSpec baseSpec(int steps) {
    return new PretrainSpec(new ModelSpec(2, 64, 4, 32), new DataSpec("g-arith", 8000, DATA_SEED),
        new OptimizationSpec(steps, 16, 3e-3, 50, 0.1, 1.0, steps, steps, 1L), "cpu");
  }

  static RlSpec rlSpec(String method, int steps, int evalEvery, long seed) {
    boolean gtpo = method.equals("gtpo");
    return new RlSpec(BASE_ID, null, method, "arith-exact", new PromptSpec(DATA_SEED, EVAL_PROMPTS), 8, 4, 2, 12,
        1.0, 0.2, gtpo ? 0.0 : 0.04, null, 2.0, 0.1, steps, 1e-4, 1.0, evalEvery, steps, seed, "cpu");
  }

  static PreferenceSpec preferenceSpec(String method, int steps, long seed) {
    PairsSpec pairs =
        new PairsSpec("arith-exact", new PromptSpec(DATA_SEED, EVAL_PROMPTS), 256, 4, 12, 1.0, null, null);
    return new PreferenceSpec(BASE_ID, null, method.equals("tgdpo") ? GUIDE_ID : null, method, 0.1, null, pairs,
        steps, 16, 5e-4, 1.0, steps, steps, seed, "cpu");
  }

  private static Path cachedBase(Path directory, PretrainSpec spec) throws IOException {
    Path model = directory.resolve("model.safetensors");
    if (Files.exists(model)) {
      System.out.println("base: cached " + model);
      return model;
    }
    Files.createDirectories(directory);
    long started = System.nanoTime();
    Path trained = new Trainer(spec, directory).run(Optional.empty(), new TrainingListener() {}, StopSignal.NEVER)
        .model();
    System.out.printf(Locale.ROOT, "base: pretrained in %.0f s -> %s%n", (System.nanoTime() - started) / 1e9, trained);
    return trained;
  }

  private static Path fresh(Path runDir, String method, long seed) throws IOException {
    Path directory = runDir.resolve(method + "-seed" + seed);
    if (Files.exists(directory)) {
      TrainBench.deleteTree(directory);
    }
    return Files.createDirectories(directory);
  }

  /** A job that reports to the recorder it is given. */
  @FunctionalInterface
  private interface Job {
    void run(TrainingListener recorder) throws IOException;
  }

  private static Run timed(String method, long seed, Job job) throws IOException {
    NavigableMap<Long, Map<String, Double>> metrics = new TreeMap<>();
    TrainingListener recorder = new TrainingListener() {
      @Override
      public void onMetrics(long step, Map<String, Double> values) {
        metrics.computeIfAbsent(step, s -> new LinkedHashMap<>()).putAll(values);
      }

      @Override
      public void onTaskEval(long step, String task, double accuracy) {
        metrics.computeIfAbsent(step, s -> new LinkedHashMap<>()).put("eval/accuracy", accuracy);
      }
    };
    long started = System.nanoTime();
    job.run(recorder);
    Run run = new Run(method, seed, metrics, (System.nanoTime() - started) / 1e9);
    System.out.printf(Locale.ROOT, "%s seed %d: %.0f s, final %s%n", method, seed, run.seconds(),
        metrics.get(run.lastStep()));
    return run;
  }
}
