package dev.pedigree.workers.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pedigree.workers.engine.StopSignal;
import dev.pedigree.workers.engine.Trainer;
import dev.pedigree.workers.engine.TrainingJob;
import dev.pedigree.workers.engine.data.Sha256;
import dev.pedigree.workers.engine.distill.DistillJob;
import dev.pedigree.workers.engine.torch.TorchRuntime;
import dev.pedigree.workflows.spec.DataSpec;
import dev.pedigree.workflows.spec.DistillSpec;
import dev.pedigree.workflows.spec.ModelSpec;
import dev.pedigree.workflows.spec.OptimizationSpec;
import dev.pedigree.workflows.spec.PretrainSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;

/**
 * {@code pedigree bench distill [--seeds 3] [--teacher-steps N] [--student-steps N] [--out FILE]}: a student distilled
 * from a bigger G-arith teacher against the same student trained from scratch for the same steps on the same data,
 * per seed; writes the table to {@code docs/results/distill.md}. The teacher is pretrained once with {@link Trainer}
 * and cached under {@code $PEDIGREE_HOME/cache/distill-bench}, keyed by its spec.
 */
public final class DistillBench {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final DataSpec DATA = new DataSpec("g-arith", 20_000, 7L);
  private static final ModelSpec TEACHER = new ModelSpec(4, 128, 4, 64);
  private static final ModelSpec STUDENT = new ModelSpec(2, 64, 4, 64);
  private static final String TEACHER_ID = "00000000-0000-4000-8000-00000000d157";
  private static final int BATCH = 16;
  private static final int TEACHER_EVAL_EVERY = 250;

  private DistillBench() {}

  /** One way to train the student. */
  private record Arm(String name, String loss, Double alpha, double temperature) {
    boolean fromScratch() {
      return loss == null;
    }
  }

  private static final List<Arm> ARMS = List.of(
      new Arm("scratch (cross-entropy only)", null, null, 1.0),
      new Arm("KD forward-kl, T=1", DistillSpec.FORWARD_KL, null, 1.0),
      new Arm("KD reverse-kl, T=1", DistillSpec.REVERSE_KL, null, 1.0),
      new Arm("KD mixed α=0.5, T=2", DistillSpec.MIXED, 0.5, 2.0));

  /** What a run ended with: the last evaluation's bits per byte and task accuracy, and its wall time. */
  record Outcome(double bitsPerByte, double accuracy, double seconds) {}

  public static int run(String[] args) throws IOException {
    BenchOptions options = BenchOptions.parse(args, Set.of("seeds", "teacher-steps", "student-steps", "out"));
    int seeds = options.positiveInt("seeds", 3);
    int teacherSteps = options.positiveInt("teacher-steps", 2000);
    int studentSteps = options.positiveInt("student-steps", 600);
    Path out = Path.of(options.text("out").orElse("docs/results/distill.md"));
    TorchRuntime.initialize();
    long started = System.nanoTime();

    PretrainSpec teacherSpec = new PretrainSpec(TEACHER, DATA, new OptimizationSpec(teacherSteps, BATCH, 3e-3,
        Math.min(30, teacherSteps / 10), 0.1, 1.0, TEACHER_EVAL_EVERY, teacherSteps, 1L), "cpu");
    Teacher teacher = cachedTeacher(teacherSpec);
    System.out.printf(Locale.ROOT, "teacher: %s, bpb %.3f, accuracy %.3f%n",
        teacher.cached() ? "from cache" : String.format(Locale.ROOT, "trained in %.0f s", teacher.outcome().seconds()),
        teacher.outcome().bitsPerByte(), teacher.outcome().accuracy());

    List<List<Outcome>> results = runArms(ARMS.stream().map(Arm::name).toList(), seeds, (index, seed, workDir) -> {
      Arm arm = ARMS.get(index);
      return measure(arm.fromScratch()
          ? new Trainer(new PretrainSpec(STUDENT, DATA, training(studentSteps, seed), "cpu"), workDir)
          : new DistillJob(distillSpec(arm, studentSteps, seed), Map.of("teacher.0", teacher.model()), workDir), false);
    });
    double minutes = (System.nanoTime() - started) / 60e9;
    String report = report(args, teacher, teacherSteps, studentSteps, seeds, results, minutes);
    ResultsFile.write(out, report);
    System.out.print(report);
    System.out.println("wrote " + out);
    return 0;
  }

  private static OptimizationSpec training(int steps, long seed) {
    return new OptimizationSpec(steps, BATCH, 3e-3, Math.min(30, steps / 10), 0.1, 1.0, steps, steps, seed);
  }

  private static DistillSpec distillSpec(Arm arm, int steps, long seed) {
    return new DistillSpec(DistillSpec.KD, List.of(TEACHER_ID), null, null, null, null, null, STUDENT, arm.loss(),
        arm.alpha(), arm.temperature(), null, null, null, null, DATA, null, training(steps, seed), "cpu");
  }

  /** How the run of arm {@code index} for {@code seed} is trained in {@code workDir} and what it ended with. */
  @FunctionalInterface
  interface SeedRun {
    Outcome run(int index, long seed, Path workDir);
  }

  /** Each arm's outcomes for seeds 1 … {@code seeds}, in arm order; each run gets a temporary folder, deleted after. */
  static List<List<Outcome>> runArms(List<String> arms, int seeds, SeedRun run) throws IOException {
    List<List<Outcome>> results = new ArrayList<>();
    for (int index = 0; index < arms.size(); index++) {
      List<Outcome> outcomes = new ArrayList<>();
      for (long seed = 1; seed <= seeds; seed++) {
        Path workDir = Files.createTempDirectory("pedigree-bench-distill-");
        try {
          Outcome outcome = run.run(index, seed, workDir);
          outcomes.add(outcome);
          System.out.printf(Locale.ROOT, "RESULT arm=\"%s\" seed=%d bpb=%.4f accuracy=%.4f seconds=%.1f%n",
              arms.get(index), seed, outcome.bitsPerByte(), outcome.accuracy(), outcome.seconds());
        } finally {
          TrainBench.deleteTree(workDir);
        }
      }
      results.add(outcomes);
    }
    return results;
  }

  /**
   * {@code Command: `./pedigree bench <bench> <args>` (…)} with the minutes, CPUs, BLAS threads and load it ran
   * under, and whether the teacher came from the cache, as a report's first paragraph.
   */
  static String commandLine(String bench, String[] args, double minutes, boolean teacherCached) {
    return "Command: `./pedigree bench " + bench + (args.length == 0 ? "" : " " + String.join(" ", args)) + "` ("
        + String.format(Locale.ROOT, "%.1f", minutes) + " min on this machine, "
        + Runtime.getRuntime().availableProcessors() + " CPUs, OMP_NUM_THREADS="
        + Optional.ofNullable(System.getenv("OMP_NUM_THREADS")).orElse("unset") + ", OPENBLAS_NUM_THREADS="
        + Optional.ofNullable(System.getenv("OPENBLAS_NUM_THREADS")).orElse("unset") + ", load average at the end "
        + MachineInfo.loadAverage() + (teacherCached ? ", teacher from the cache" : "") + ").\n\n";
  }

  /** @param progress whether to print each evaluation as it comes */
  private static Outcome measure(TrainingJob job, boolean progress) {
    LastEvaluation last = new LastEvaluation(progress);
    long started = System.nanoTime();
    job.run(Optional.empty(), last, StopSignal.NEVER);
    return new Outcome(last.bitsPerByte(), last.accuracy(), (System.nanoTime() - started) / 1e9);
  }

  record Teacher(Path model, Outcome outcome, boolean cached) {}

  /** The teacher model of {@code spec}, trained now or read from the cache with the outcome it was trained to. */
  static Teacher cachedTeacher(PretrainSpec spec) throws IOException {
    String key = Sha256.of(JSON.writeValueAsBytes(spec)).substring(0, 16);
    String home =
        Optional.ofNullable(System.getenv("PEDIGREE_HOME")).orElse(System.getProperty("user.home") + "/.pedigree");
    Path directory = Path.of(home, "cache", "distill-bench", "teacher-" + key);
    Path model = directory.resolve("model.safetensors");
    Path outcomeFile = directory.resolve("outcome.properties");
    Properties properties = new Properties();
    if (Files.isRegularFile(model) && Files.isRegularFile(outcomeFile)) {
      try (var reader = Files.newBufferedReader(outcomeFile, StandardCharsets.UTF_8)) {
        properties.load(reader);
      }
      Outcome outcome = new Outcome(Double.parseDouble(properties.getProperty("bpb")),
          Double.parseDouble(properties.getProperty("accuracy")), Double.parseDouble(properties.getProperty("seconds")));
      return new Teacher(model, outcome, true);
    }
    Files.createDirectories(directory);
    Trainer trainer = new Trainer(spec, directory);
    Outcome outcome = measure(trainer, true);
    properties.setProperty("bpb", Double.toString(outcome.bitsPerByte()));
    properties.setProperty("accuracy", Double.toString(outcome.accuracy()));
    properties.setProperty("seconds", Double.toString(outcome.seconds()));
    try (var writer = Files.newBufferedWriter(outcomeFile, StandardCharsets.UTF_8)) {
      properties.store(writer, "distill bench teacher");
    }
    return new Teacher(model, outcome, false);
  }

  private static String report(String[] args, Teacher teacher, int teacherSteps, int studentSteps, int seeds,
      List<List<Outcome>> results, double minutes) {
    StringBuilder text = new StringBuilder();
    text.append("# Distillation: a distilled student vs the same student from scratch\n\n");
    text.append(commandLine("distill", args, minutes, teacher.cached()));
    text.append("Setup (DistillBench.java):\n");
    text.append(String.format(Locale.ROOT, "- Data: G-arith, %d documents, seed 7, byte tokens; every 10th document"
        + " held out. Accuracy is exact match on the first 64 held-out problems; bits per byte on 64 held-out windows.%n",
        DATA.documents()));
    text.append(String.format(Locale.ROOT, "- Teacher: %d layers, d=%d, context %d, pretrained with the pretrain"
        + " Trainer for %d steps (batch %d, lr 3e-3, seed 1): bpb %.3f, accuracy %.3f.%n", TEACHER.layers(), TEACHER.dModel(),
        TEACHER.contextLength(), teacherSteps, BATCH, teacher.outcome().bitsPerByte(), teacher.outcome().accuracy()));
    text.append(String.format(Locale.ROOT, "- Student: %d layers, d=%d, context %d; every arm trains %d steps, batch"
        + " %d, lr 3e-3 with warmup and cosine decay, on the same data in the same order per seed (seeds 1..%d set both"
        + " the student's initialization and the data order).%n", STUDENT.layers(), STUDENT.dModel(),
        STUDENT.contextLength(), studentSteps, BATCH, seeds));
    text.append("- Scratch trains on the next-token cross-entropy; the KD arms train on the distill kind's losses "
        + "(forward/reverse KL scaled by T², mixed = α·CE + (1−α)·T²·KL(teacher‖student)).\n\n");
    text.append("Mean ± sample standard deviation over seeds; per-seed values in brackets. Lower bpb is better.\n\n");
    text.append("| arm | G-arith accuracy | bits per byte | seconds per run |\n|---|---|---|---|\n");
    for (int i = 0; i < ARMS.size(); i++) {
      List<Outcome> outcomes = results.get(i);
      text.append("| ").append(ARMS.get(i).name())
          .append(" | ").append(Spread.of(outcomes.stream().mapToDouble(Outcome::accuracy).toArray())
              .formatWithSeeds("%.3f"))
          .append(" | ").append(Spread.of(outcomes.stream().mapToDouble(Outcome::bitsPerByte).toArray())
              .formatWithSeeds("%.4f"))
          .append(" | ").append(String.format(Locale.ROOT, "%.0f",
              outcomes.stream().mapToDouble(Outcome::seconds).average().orElseThrow()))
          .append(" |\n");
    }
    text.append("\nEach KD arm against scratch, seed by seed (same initialization and data order):\n\n");
    List<Outcome> scratch = results.get(0);
    for (int i = 1; i < ARMS.size(); i++) {
      List<Outcome> outcomes = results.get(i);
      int accuracyWins = 0;
      int bitsWins = 0;
      double accuracyGain = 0;
      double bitsChange = 0;
      for (int seed = 0; seed < outcomes.size(); seed++) {
        accuracyWins += outcomes.get(seed).accuracy() > scratch.get(seed).accuracy() ? 1 : 0;
        bitsWins += outcomes.get(seed).bitsPerByte() < scratch.get(seed).bitsPerByte() ? 1 : 0;
        accuracyGain += (outcomes.get(seed).accuracy() - scratch.get(seed).accuracy()) / outcomes.size();
        bitsChange += (outcomes.get(seed).bitsPerByte() - scratch.get(seed).bitsPerByte()) / outcomes.size();
      }
      text.append(String.format(Locale.ROOT, "- %s: accuracy %+.3f on average, higher on %d of %d seeds; bits per"
          + " byte %+.4f on average (negative is better), lower on %d of %d seeds.%n", ARMS.get(i).name(),
          accuracyGain, accuracyWins, outcomes.size(), bitsChange, bitsWins, outcomes.size()));
    }
    text.append("""

        Not measured here: AlignDistil on the sentiment task (METHODS.md §3.3), with its DPO and reverse-DPO models from
        the preference kind. `./pedigree bench aligndistil` measures it: see [aligndistil.md](aligndistil.md).
        """);
    return text.toString();
  }
}
