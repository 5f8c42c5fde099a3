package dev.pedigree.workers.bench;

import dev.pedigree.workers.engine.StopSignal;
import dev.pedigree.workers.engine.checkpoint.ModelFiles;
import dev.pedigree.workers.engine.data.Corpus;
import dev.pedigree.workers.engine.distill.DistillJob;
import dev.pedigree.workers.engine.torch.TorchRuntime;
import dev.pedigree.workers.engine.transplant.TokenizerTransplant;
import dev.pedigree.workers.engine.transplant.TransplantInit;
import dev.pedigree.workflows.spec.DataSpec;
import dev.pedigree.workflows.spec.DistillSpec;
import dev.pedigree.workflows.spec.OptimizationSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.bytedeco.pytorch.Device;

/**
 * {@code pedigree bench retokenize [--seeds 3] [--steps 200] [--ntp-weight 0.1]}: METHODS.md §3.3 #2's second
 * experiment, tokenizer transfer as self-distillation. {@code bench transplant}'s base (tokenizer A) moved onto its
 * donor's tokenizer B by OMP k=8 and by mean init, then trained on in B by the distill kind three ways: next-token
 * prediction only, ALM towards the base reading A (teacher) plus NTP, and ALM only. Held-out bits per byte along the
 * way (the recovery curve); writes docs/results/retokenize.md, keeping its hand-written Discussion.
 */
public final class RetokenizeBench {
  static final Path REPORT = Path.of("docs/results/retokenize.md");
  /**
   * Tokenizer B's own corpus: a distill's BPE is trained on its data, so only this data gives the student tokenizer B.
   */
  static final DataSpec DATA = TransplantBench.donorSpec(1, 1).data();
  static final List<TransplantBench.Arm> STARTS = List.of(
      TransplantBench.Arm.transplant(TransplantInit.OMP, 8), TransplantBench.Arm.transplant(TransplantInit.MEAN, 0));
  /** Evaluated every 5 steps; the report shows these steps (and 0 and the last). */
  static final int EVAL_EVERY = 5;
  static final List<Long> CURVE = List.of(5L, 10L, 25L, 50L, 100L);
  private static final String BASE_ID = "00000000-0000-4000-8000-0000000000b1";
  private static final String START_ID = "00000000-0000-4000-8000-0000000000b2";
  private static final Device CPU = new Device("cpu");

  /** One way to train the transplant on; {@code ntpWeight} null trains on next-token prediction alone. */
  record Method(String name, Double ntpWeight) {
    boolean distils() {
      return ntpWeight != null;
    }
  }

  /** One start's runs: its bits per byte before training per seed, and each method's runs in seed order. */
  record StartResults(double[] initialBitsPerByte, List<List<BenchRuns.Run>> runs) {}

  private RetokenizeBench() {}

  /** Runs without the platform jar: {@code java -cp <workers classpath> dev.pedigree.workers.bench.RetokenizeBench}. */
  public static void main(String[] args) throws IOException {
    System.exit(run(args));
  }

  public static int run(String[] args) throws IOException {
    BenchOptions options = BenchOptions.parse(args, Set.of("seeds", "steps", "ntp-weight"));
    int seeds = options.positiveInt("seeds", 3);
    int steps = options.positiveInt("steps", 200);
    double ntpWeight = Double.parseDouble(options.text("ntp-weight").orElse("0.1"));
    List<Method> methods = List.of(new Method("NTP only", null),
        new Method(String.format(Locale.ROOT, "ALM + %s·NTP", ntpWeight), ntpWeight), new Method("ALM only", 0.0));
    TorchRuntime.initialize();
    System.out.printf(Locale.ROOT, "retokenize: %d seeds, %d steps, intra-op threads %d%n", seeds, steps,
        TorchRuntime.threads());
    long started = System.nanoTime();
    Path runDir = BenchRuns.directory("transplant");
    List<String> validation = Corpus.generate(DATA).validation();

    double[] baseBitsPerByte = new double[seeds];
    double[] donorBitsPerByte = new double[seeds];
    List<StartResults> results = new ArrayList<>();
    for (int start = 0; start < STARTS.size(); start++) {
      List<List<BenchRuns.Run>> runs = new ArrayList<>();
      methods.forEach(method -> runs.add(new ArrayList<>()));
      results.add(new StartResults(new double[seeds], runs));
    }
    for (int seed = 1; seed <= seeds; seed++) {
      Path baseFile = BenchRuns.cachedBase(runDir, TransplantBench.baseSpec(TransplantBench.BASE_STEPS, seed));
      Path donorFile = BenchRuns.cachedBase(runDir, TransplantBench.donorSpec(TransplantBench.DONOR_STEPS, seed));
      ModelFiles.LoadedModel base = ModelFiles.load(baseFile, CPU);
      ModelFiles.LoadedModel donor = ModelFiles.load(donorFile, CPU);
      baseBitsPerByte[seed - 1] =
          TransplantBench.heldOut(base.model(), base.tokenizer(), DATA, validation).bitsPerByte();
      donorBitsPerByte[seed - 1] =
          TransplantBench.heldOut(donor.model(), donor.tokenizer(), DATA, validation).bitsPerByte();
      for (int start = 0; start < STARTS.size(); start++) {
        TransplantBench.Arm arm = STARTS.get(start);
        TokenizerTransplant.Transplant transplant = TokenizerTransplant.transplant(base.model(), base.tokenizer(),
            donor.model(), donor.tokenizer(), arm.settings().orElseThrow());
        results.get(start).initialBitsPerByte()[seed - 1] =
            TransplantBench.heldOut(transplant.model(), transplant.tokenizer(), DATA, validation).bitsPerByte();
        Path startDir = Files.createTempDirectory("pedigree-bench-retokenize-");
        try {
          Path startFile = startDir.resolve("start.safetensors");
          ModelFiles.write(startFile, transplant.model().config(), transplant.tokenizer(),
              transplant.model().parameters(), Map.of());
          for (int m = 0; m < methods.size(); m++) {
            Method method = methods.get(m);
            Path workDir = Files.createDirectories(startDir.resolve("run-" + m));
            DistillJob job = job(method, steps, seed, baseFile, startFile, workDir);
            BenchRuns.Run run = BenchRuns.timed(arm.name() + ", " + method.name(), seed,
                recorder -> job.run(Optional.empty(), recorder, StopSignal.NEVER));
            results.get(start).runs().get(m).add(run);
          }
        } finally {
          TrainBench.deleteTree(startDir);
        }
      }
    }
    double minutes = (System.nanoTime() - started) / 60e9;
    String report = new RetokenizeReport(args, steps, seeds, minutes)
        .markdown(baseBitsPerByte, donorBitsPerByte, methods, results);
    ResultsFile.write(REPORT, report);
    System.out.print(report);
    System.out.printf(Locale.ROOT, "retokenize: %.1f minutes; wrote %s%n", minutes, REPORT.toAbsolutePath());
    return 0;
  }

  /**
   * A distill run from the transplant on B's corpus. NTP only is the distill loop with loss {@code mixed} at α = 1
   * towards a frozen copy of the start, whose KL term then weighs nothing: every method shares the loop, the
   * optimizer, the schedule and the data order.
   */
  private static DistillJob job(Method method, int steps, long seed, Path baseFile, Path startFile, Path workDir) {
    OptimizationSpec training = new OptimizationSpec(steps, TransplantBench.BATCH, ContinuedTraining.LEARNING_RATE,
        Math.min(10, steps / 10), 0.0, 1.0, EVAL_EVERY, steps, seed);
    String teacher = method.distils() ? BASE_ID : START_ID;
    DistillSpec spec = new DistillSpec(DistillSpec.KD, List.of(teacher), null, null, null, null, START_ID, null,
        method.distils() ? DistillSpec.ALM : DistillSpec.MIXED, method.distils() ? null : 1.0, null, null, null, null,
        null, DATA, null, training, "cpu", method.ntpWeight(), null, null, null, null, null, null);
    Path teacherFile = method.distils() ? baseFile : startFile;
    return new DistillJob(spec, Map.of(DistillSpec.teacherRole(0), teacherFile, DistillSpec.STUDENT_ROLE, startFile),
        workDir);
  }
}
