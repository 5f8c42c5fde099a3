package dev.pedigree.workers.bench;

import dev.pedigree.workers.engine.EvalMetrics;
import dev.pedigree.workers.engine.StopSignal;
import dev.pedigree.workers.engine.Trainer;
import dev.pedigree.workers.engine.TrainingListener;
import dev.pedigree.workers.engine.data.Sha256;
import dev.pedigree.workflows.spec.PretrainSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What the result benches that fine-tune one cached base ({@code bench rl}, {@code bench aligndistil}) share: the base
 * pretrained once under {@code $PEDIGREE_HOME/bench/<name>}, a fresh folder per run, and each run's metrics by step.
 */
final class BenchRuns {
  static final String EVAL_BITS_PER_BYTE = "eval/bpb";

  private BenchRuns() {}

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

  /** The runs of {@code method}, in seed order. */
  static List<Run> byMethod(List<Run> runs, String method) {
    return runs.stream().filter(run -> run.method().equals(method)).toList();
  }

  /** A job that reports to the recorder it is given. */
  @FunctionalInterface
  interface Job {
    void run(TrainingListener recorder) throws IOException;
  }

  /** {@code $PEDIGREE_HOME/bench/<name>}. */
  static Path directory(String name) {
    String home = System.getenv().getOrDefault("PEDIGREE_HOME", System.getProperty("user.home") + "/.pedigree");
    return Path.of(home, "bench", name);
  }

  /**
   * The model {@code spec} trains, in {@code runDir/base-<digest of the spec>}: trained now unless a previous bench
   * left it there, so a base from other settings (shape, data, steps) is never reused.
   */
  static Path cachedBase(Path runDir, PretrainSpec spec) throws IOException {
    Path directory = runDir.resolve(baseFolder(spec));
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

  /** {@code base-} and the first 16 hex digits of the sha256 of the spec's record text, every setting in it. */
  static String baseFolder(PretrainSpec spec) {
    return "base-" + Sha256.of(spec.toString().getBytes(StandardCharsets.UTF_8)).substring(0, 16);
  }

  /**
   * {@code text} in {@code runDir/data/<prefix>-<first 12 hex digits of its sha256>.txt}, written unless there already,
   * so a cached model trained on a file of that name was trained on exactly this text.
   */
  static Path dataFile(Path runDir, String prefix, String text) throws IOException {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    Path file = runDir.resolve("data").resolve(prefix + "-" + Sha256.of(bytes).substring(0, 12) + ".txt");
    if (!Files.exists(file)) {
      Files.createDirectories(file.getParent());
      Files.write(file, bytes);
    }
    return file;
  }

  /** An empty {@code <method>-seed<seed>} folder under {@code runDir}. */
  static Path fresh(Path runDir, String method, long seed) throws IOException {
    Path directory = runDir.resolve(method + "-seed" + seed);
    if (Files.exists(directory)) {
      TrainBench.deleteTree(directory);
    }
    return Files.createDirectories(directory);
  }

  /**
   * Runs {@code job}, recording its metrics (validation bits per byte as {@link #EVAL_BITS_PER_BYTE}, task accuracy as
   * {@code eval/accuracy}) and wall time.
   */
  static Run timed(String method, long seed, Job job) throws IOException {
    NavigableMap<Long, Map<String, Double>> metrics = new TreeMap<>();
    TrainingListener recorder = new TrainingListener() {
      @Override
      public void onMetrics(long step, Map<String, Double> values) {
        metrics.computeIfAbsent(step, s -> new LinkedHashMap<>()).putAll(values);
      }

      @Override
      public void onEval(EvalMetrics eval) {
        metrics.computeIfAbsent(eval.step(), s -> new LinkedHashMap<>()).put(EVAL_BITS_PER_BYTE, eval.valBitsPerByte());
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
