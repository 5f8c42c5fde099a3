package dev.pedigree.workers.bench;

import dev.pedigree.workers.engine.audit.AuditCondition;
import dev.pedigree.workers.engine.audit.ConditionOutcome;
import dev.pedigree.workers.engine.audit.Precision;
import dev.pedigree.workers.engine.audit.ReproducibilityAudit;
import dev.pedigree.workers.engine.checkpoint.ModelFiles;
import dev.pedigree.workers.engine.checkpoint.ModelFiles.LoadedModel;
import dev.pedigree.workers.engine.data.Corpus;
import dev.pedigree.workers.engine.data.GArithGenerator;
import dev.pedigree.workers.engine.data.TaskProblem;
import dev.pedigree.workers.engine.sampling.SamplingOptions;
import dev.pedigree.workers.engine.torch.TorchRuntime;
import dev.pedigree.workflows.spec.DataSpec;
import dev.pedigree.workflows.spec.ModelSpec;
import dev.pedigree.workflows.spec.OptimizationSpec;
import dev.pedigree.workflows.spec.PretrainSpec;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Device;

/**
 * {@code pedigree bench reproducibility [--device cpu|cuda] [--seeds 2] [--steps N] [--prompts 96]}: per seed,
 * pretrains a small GPT on G-arith on the device (cached under {@code $PEDIGREE_HOME/bench/reproducibility}), then
 * runs {@link ReproducibilityAudit} on held-out problems over precisions (fp32, bf16, LayerCast; on CUDA also the
 * Sampler's bf16 autocast), batch sizes 1, 4 and 16, without the KV cache, and on the CPU with two intra-op threads.
 * Prints a {@code RESULT} line per seed and condition; on the CPU writes docs/results/reproducibility.md (keeping its
 * Discussion), on CUDA prints the markdown only. Needs only the engine, the spec records and Jackson (bench/gpu-pack.sh).
 */
public final class ReproducibilityBench {
  static final Path OUTPUT = Path.of("docs", "results", "reproducibility.md");
  static final DataSpec DATA = new DataSpec("g-arith", 20_000, 7L);
  static final int BATCH = 16;
  static final int MAX_NEW_TOKENS = 16;
  static final int CPU_THREADS = 2;
  static final List<Integer> BATCH_SIZES = List.of(1, 4, 16);
  /** A model the CPU trains in about a minute. */
  static final ModelSpec CPU_MODEL = new ModelSpec(2, 128, 4, 64, null, "rotary");
  /** A few million parameters: what the brief's GPU check is sized for. */
  static final ModelSpec CUDA_MODEL = new ModelSpec(4, 256, 4, 64, null, "rotary");

  private ReproducibilityBench() {}

  /** The entry point the GPU kit launches (bench/gpu-pack.sh). */
  public static void main(String[] args) throws IOException {
    int status = run(args);
    System.out.flush();
    // Exits at once, as GpuBench does: libtorch's static destructors at JVM shutdown can crash on CUDA.
    System.exit(status);
  }

  public static int run(String[] args) throws IOException {
    BenchOptions options = BenchOptions.parse(args, Set.of("device", "seeds", "steps", "prompts"));
    String deviceName = options.text("device").orElse("cpu");
    boolean cuda = deviceName.equals("cuda");
    int seeds = options.positiveInt("seeds", 2);
    int steps = options.positiveInt("steps", cuda ? 1000 : 600);
    int promptCount = options.positiveInt("prompts", 96);
    Device device = TorchRuntime.device(deviceName);
    ModelSpec model = cuda ? CUDA_MODEL : CPU_MODEL;
    List<TaskProblem> problems = heldOut(promptCount);
    List<AuditCondition> conditions = conditions(cuda);
    long started = System.nanoTime();
    List<List<ConditionOutcome>> bySeed = new ArrayList<>();
    for (long seed = 1; seed <= seeds; seed++) {
      PretrainSpec spec = spec(model, steps, seed, deviceName);
      List<ConditionOutcome> outcomes = audit(BenchRuns.cachedBase(BenchRuns.directory("reproducibility"), spec),
          device, problems, conditions);
      for (ConditionOutcome outcome : outcomes) {
        printResult(deviceName, seed, outcome);
      }
      bySeed.add(outcomes);
    }
    double minutes = (System.nanoTime() - started) / 60e9;
    String report = ReproducibilityReport.markdown(
        args, TorchRuntime.describe(device), spec(model, steps, 1, deviceName), problems.size(), bySeed, minutes);
    System.out.print(report);
    if (!cuda) {
      ResultsFile.write(OUTPUT, report);
      System.out.println("wrote " + OUTPUT.toAbsolutePath());
    }
    return 0;
  }

  /** Greedy-decodes {@code problems}' prompts with the model in {@code file} under every condition. */
  static List<ConditionOutcome> audit(
      Path file, Device device, List<TaskProblem> problems, List<AuditCondition> conditions) {
    LoadedModel loaded = ModelFiles.load(file, device);
    try (PointerScope scope = new PointerScope()) {
      List<int[]> prompts = problems.stream().map(problem -> loaded.tokenizer().encode(problem.prompt())).toList();
      SamplingOptions greedy = SamplingOptions.greedy(MAX_NEW_TOKENS).withStopToken('\n');
      return new ReproducibilityAudit(loaded.config(), loaded.model().parameters().byName(), prompts, greedy,
          (prompt, completion) -> problems.get(prompt).verify(loaded.tokenizer().decode(completion)))
          .run(conditions);
    }
  }

  /**
   * Per precision: batch 1, 4 and 16 and batch 16 without the KV cache; on the CPU fp32 at batch 16 with more
   * intra-op threads too, and on CUDA the Sampler's default autocast.
   */
  static List<AuditCondition> conditions(boolean cuda) {
    List<Precision> precisions = new ArrayList<>(List.of(Precision.FP32, Precision.BF16, Precision.LAYERCAST));
    if (cuda) {
      precisions.add(Precision.AUTOCAST);
    }
    List<AuditCondition> conditions = new ArrayList<>();
    for (Precision precision : precisions) {
      BATCH_SIZES.forEach(size -> conditions.add(AuditCondition.of(precision, size)));
      conditions.add(AuditCondition.of(precision, 16).withoutKvCache());
    }
    if (!cuda) {
      conditions.add(AuditCondition.of(Precision.FP32, 16).withThreads(CPU_THREADS));
    }
    return conditions;
  }

  /** The first {@code count} of the generator's validation problems, which training never sees. */
  static List<TaskProblem> heldOut(int count) {
    GArithGenerator generator = new GArithGenerator(DATA.seed());
    List<TaskProblem> problems = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      problems.add(generator.problem((long) (i + 1) * Corpus.VALIDATION_EVERY - 1));
    }
    return problems;
  }

  static PretrainSpec spec(ModelSpec model, int steps, long seed, String device) {
    OptimizationSpec training =
        new OptimizationSpec(steps, BATCH, 3e-3, Math.min(30, steps / 10), 0.1, 1.0, steps, steps, seed);
    return new PretrainSpec(model, DATA, training, device);
  }

  private static void printResult(String device, long seed, ConditionOutcome outcome) {
    System.out.printf(Locale.ROOT,
        "RESULT reproducibility device=%s seed=%d condition=\"%s\" prompts=%d diverged=%d first_divergence=%.2f "
            + "length_diff=%.3f diverged_own_b1=%d accuracy=%.4f seconds=%.2f%n",
        device, seed, outcome.condition().label(), outcome.fromReference().prompts(),
        outcome.fromReference().diverged(), outcome.fromReference().meanFirstDivergence(),
        outcome.fromReference().meanLengthDifference(), outcome.fromOwnBatchOne().diverged(), outcome.accuracy(),
        outcome.seconds());
  }
}
