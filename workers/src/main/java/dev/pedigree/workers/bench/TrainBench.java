package dev.pedigree.workers.bench;

import static org.bytedeco.pytorch.global.torch.get_num_threads;
import static org.bytedeco.pytorch.global.torch.get_parallel_info;
import static org.bytedeco.pytorch.global.torch.set_num_threads;

import dev.pedigree.workers.engine.StopSignal;
import dev.pedigree.workers.engine.Trainer;
import dev.pedigree.workers.engine.torch.TorchRuntime;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * {@code pedigree bench train [--steps N] [--threads 1,2]}: in one JVM, the fp32 matmul ceiling at each intra-op thread
 * count, then CPU training throughput and MFU of the demo model and a d=384 six-layer model at each thread count.
 * MFU = 6 · parameters · tokens/s ÷ the best matmul rate measured before or after training (attention's own FLOPs
 * are not counted).
 *
 * <p>The thread count set here is libtorch's intra-op (OpenMP) count. The GEMMs themselves run on OpenBLAS's pthread
 * pool, sized once per process from the environment ({@link TorchRuntime#blasThreads()}); compare BLAS thread counts
 * by running the benchmark again with {@code OMP_NUM_THREADS} set.
 */
public final class TrainBench {
  private static final int CEILING_SIZE = 1024;
  private static final int CEILING_REPEATS = 20;
  private static final int LARGE_CEILING_SIZE = 2048;
  private static final int LARGE_CEILING_REPEATS = 5;
  private static final int WINDOWS = 8;
  private static final List<BenchModel> MODELS = List.of(BenchModel.DEMO, BenchModel.D384);

  private TrainBench() {}

  public static int run(String[] args) throws IOException {
    BenchOptions options = BenchOptions.parse(args, Set.of("steps", "threads"));
    Optional<Integer> steps = options.positiveInt("steps");
    List<Integer> threadCounts = options.positiveInts("threads", List.of(1, 2));

    TorchRuntime.initialize();
    System.out.println("libtorch: " + firstLines(get_parallel_info().getString(), 6));
    System.out.printf(Locale.ROOT,
        "machine: %d CPUs (%s); OpenBLAS threads %d (from the environment, fixed); load average %s%n",
        Runtime.getRuntime().availableProcessors(), MachineInfo.cpuModel(), TorchRuntime.blasThreads(),
        MachineInfo.loadAverage());

    Map<Integer, Double> ceilings = new LinkedHashMap<>();
    measureCeilings(threadCounts, ceilings);

    List<Measured> measured = new ArrayList<>();
    for (BenchModel model : MODELS) {
      int modelSteps = steps.orElse(model.defaultSteps());
      for (int threads : threadCounts) {
        set_num_threads(threads);
        double tokensPerSecond = trainedTokensPerSecond(model, modelSteps);
        measured.add(new Measured(model, threads, get_num_threads(), modelSteps, tokensPerSecond));
        System.out.printf(Locale.ROOT, "trained %s at %d threads: %.0f tokens/s%n", model.name(), threads,
            tokensPerSecond);
      }
    }
    // Again after training: on a shared machine a single measurement can fall in a busy moment.
    measureCeilings(threadCounts, ceilings);
    double ceiling = ceilings.values().stream().max(Comparator.naturalOrder()).orElseThrow();
    System.out.printf(Locale.ROOT, "RESULT matmul ceiling_gflops=%.1f%n", ceiling);
    List<Row> rows = measured.stream().map(m -> m.row(ceiling, ceilings.get(m.threads()))).toList();
    rows.forEach(row -> System.out.println(row.resultLine()));
    printTable(rows, ceiling);
    System.out.println("load average at the end: " + MachineInfo.loadAverage());
    return 0;
  }

  /** Keeps, per thread count, the best rate seen so far. */
  private static void measureCeilings(List<Integer> threadCounts, Map<Integer, Double> ceilings) {
    for (int threads : threadCounts) {
      set_num_threads(threads);
      for (MatmulCeiling.Measurement m : List.of(MatmulCeiling.measure(CEILING_SIZE, CEILING_REPEATS),
          MatmulCeiling.measure(LARGE_CEILING_SIZE, LARGE_CEILING_REPEATS))) {
        System.out.printf(Locale.ROOT, "RESULT matmul threads=%d blas_threads=%d size=%d gflops=%.1f%n", threads,
            TorchRuntime.blasThreads(), m.size(), m.gflops());
        ceilings.merge(threads, m.gflops(), Math::max);
      }
    }
  }

  private static double trainedTokensPerSecond(BenchModel model, int measuredSteps) throws IOException {
    int warmup = Math.max(3, measuredSteps / 10);
    int total = warmup + measuredSteps;
    StepClock clock = new StepClock(warmup, measuredSteps);
    Path workDir = Files.createTempDirectory("pedigree-bench-train-");
    try {
      new Trainer(model.spec(total, total), workDir).run(Optional.empty(), clock, StopSignal.NEVER);
    } finally {
      deleteTree(workDir);
    }
    int windowSteps = Math.max(1, measuredSteps / WINDOWS);
    return Stats.median(clock.windowRates(model.tokensPerStep(), windowSteps));
  }

  private static void printTable(List<Row> rows, double ceiling) {
    System.out.println();
    System.out.printf(Locale.ROOT,
        "CPU training, fp32, batch 16, OpenBLAS threads %d; MFU against the best matmul rate (%.1f GFLOP/s)%n",
        TorchRuntime.blasThreads(), ceiling);
    System.out.printf(Locale.ROOT, "%-12s %11s %7s %6s %11s %9s %7s %14s%n", "model", "parameters", "threads",
        "steps", "tokens/s", "ms/step", "MFU", "MFU@threads");
    for (Row row : rows) {
      System.out.printf(Locale.ROOT, "%-12s %,11d %7d %6d %,11.0f %9.1f %6.1f%% %13.1f%%%n", row.model().name(),
          row.model().parameters(), row.threads(), row.steps(), row.tokensPerSecond(), row.millisPerStep(),
          100 * row.mfu(), 100 * row.mfuAtThreads());
    }
  }

  private static String firstLines(String text, int lines) {
    return String.join(" | ", text.lines().map(String::strip).filter(line -> !line.isEmpty()).limit(lines).toList());
  }

  static void deleteTree(Path root) throws IOException {
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    }
  }

  /** @param threadsSeen what libtorch reported after setting {@code threads} */
  private record Measured(BenchModel model, int threads, int threadsSeen, int steps, double tokensPerSecond) {
    Row row(double ceilingGflops, double ceilingAtThreadsGflops) {
      return new Row(model, threads, threadsSeen, steps, tokensPerSecond, ceilingGflops, ceilingAtThreadsGflops);
    }
  }

  /** @param threadsSeen what libtorch reported after setting {@code threads}, to catch a setting that did not apply */
  record Row(BenchModel model, int threads, int threadsSeen, int steps, double tokensPerSecond, double ceilingGflops,
      double ceilingAtThreadsGflops) {
    double flopsPerSecond() {
      return 6.0 * model.parameters() * tokensPerSecond;
    }

    double mfu() {
      return flopsPerSecond() / (ceilingGflops * 1e9);
    }

    double mfuAtThreads() {
      return flopsPerSecond() / (ceilingAtThreadsGflops * 1e9);
    }

    double millisPerStep() {
      return 1000.0 * model.tokensPerStep() / tokensPerSecond;
    }

    String resultLine() {
      return String.format(Locale.ROOT,
          "RESULT train model=%s params=%d threads=%d threads_seen=%d blas_threads=%d steps=%d tokens_per_s=%.0f"
              + " ms_per_step=%.1f mfu=%.4f mfu_at_threads=%.4f ceiling_gflops=%.1f",
          model.name(), model.parameters(), threads, threadsSeen, TorchRuntime.blasThreads(), steps, tokensPerSecond,
          millisPerStep(), mfu(), mfuAtThreads(), ceilingGflops);
    }
  }
}
