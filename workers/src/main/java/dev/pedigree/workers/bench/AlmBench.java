package dev.pedigree.workers.bench;

import dev.pedigree.workers.engine.StopSignal;
import dev.pedigree.workers.engine.TaskEvaluation;
import dev.pedigree.workers.engine.Trainer;
import dev.pedigree.workers.engine.TrainingJob;
import dev.pedigree.workers.engine.TrainingSummary;
import dev.pedigree.workers.engine.checkpoint.ModelFiles;
import dev.pedigree.workers.engine.data.Corpus;
import dev.pedigree.workers.engine.data.Generators;
import dev.pedigree.workers.engine.data.TaskGenerator;
import dev.pedigree.workers.engine.data.TaskProblem;
import dev.pedigree.workers.engine.distill.DistillJob;
import dev.pedigree.workers.engine.torch.TorchRuntime;
import dev.pedigree.workflows.spec.DataSpec;
import dev.pedigree.workflows.spec.DistillSpec;
import dev.pedigree.workflows.spec.DomainSpec;
import dev.pedigree.workflows.spec.ModelSpec;
import dev.pedigree.workflows.spec.OptimizationSpec;
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
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Device;

/**
 * {@code pedigree bench alm [--seeds 3] [--teacher-steps N] [--steps N] [--ntp-weight W] [--out FILE]}: METHODS.md
 * §3.3 #2, cross-tokenizer distillation. A teacher with a BPE tokenizer trained on G-text + G-arith (pretrained once,
 * cached like {@code bench distill}'s) and a smaller byte-level student trained three ways for the same steps on the
 * same data: next-token prediction only, ALM only, and ALM + NTP; held-out bits per byte and G-arith exact match per
 * seed; writes {@code docs/results/cross-tokenizer.md}, keeping its hand-written Discussion.
 */
public final class AlmBench {
  private static final int DOCUMENTS = 3000;
  private static final DomainSpec TEXT = DomainSpec.generated("text", 0.5, "g-text", DOCUMENTS, 7L);
  private static final DomainSpec ARITH = DomainSpec.generated("arith", 0.5, "g-arith", DOCUMENTS, 7L);
  private static final int BPE_VOCABULARY = 1024;
  private static final DataSpec TEACHER_DATA =
      new DataSpec(null, null, null, "bpe", BPE_VOCABULARY, null, null, List.of(TEXT, ARITH), null, null);
  private static final DataSpec STUDENT_DATA = DataSpec.mixture(List.of(TEXT, ARITH), null);
  private static final ModelSpec TEACHER = new ModelSpec(4, 128, 4, 64);
  private static final ModelSpec STUDENT = new ModelSpec(2, 64, 4, 128);
  private static final String TEACHER_ID = "00000000-0000-4000-8000-0000000000a1";
  private static final int BATCH = 16;
  private static final int ARITH_PROBLEMS = 200;
  private static final Device CPU = new Device("cpu");

  private AlmBench() {}

  /** One way to train the student; {@code ntpWeight} null trains it on next-token prediction alone. */
  private record Arm(String name, Double ntpWeight) {}

  public static int run(String[] args) throws IOException {
    BenchOptions options =
        BenchOptions.parse(args, Set.of("seeds", "teacher-steps", "steps", "ntp-weight", "out"));
    int seeds = options.positiveInt("seeds", 3);
    int teacherSteps = options.positiveInt("teacher-steps", 1500);
    int steps = options.positiveInt("steps", 400);
    double ntpWeight = Double.parseDouble(options.text("ntp-weight").orElse("0.1"));
    Path out = Path.of(options.text("out").orElse("docs/results/cross-tokenizer.md"));
    TorchRuntime.initialize();
    long started = System.nanoTime();

    PretrainSpec teacherSpec = new PretrainSpec(TEACHER, TEACHER_DATA, new OptimizationSpec(teacherSteps, BATCH, 3e-3,
        Math.min(30, teacherSteps / 10), 0.1, 1.0, teacherSteps, teacherSteps, 1L), "cpu");
    DistillBench.Teacher teacher = DistillBench.cachedTeacher(teacherSpec);
    double teacherAccuracy = arithAccuracy(teacher.model());
    System.out.printf(Locale.ROOT, "teacher: %s, bpb %.3f, G-arith accuracy %.3f%n",
        teacher.cached() ? "from cache" : String.format(Locale.ROOT, "trained in %.0f s", teacher.outcome().seconds()),
        teacher.outcome().bitsPerByte(), teacherAccuracy);

    List<Arm> arms = List.of(new Arm("NTP only", null), new Arm("ALM only", 0.0),
        new Arm(String.format(Locale.ROOT, "ALM + %s·NTP", ntpWeight), ntpWeight));
    List<List<DistillBench.Outcome>> results =
        DistillBench.runArms(arms.stream().map(Arm::name).toList(), seeds, (index, seed, workDir) -> {
          Double armNtpWeight = arms.get(index).ntpWeight();
          OptimizationSpec training = training(steps, seed);
          return measure(armNtpWeight == null
              ? new Trainer(new PretrainSpec(STUDENT, STUDENT_DATA, training, "cpu"), workDir)
              : new DistillJob(new DistillSpec(DistillSpec.KD, List.of(TEACHER_ID), null, null, null, null, null,
                  STUDENT, DistillSpec.ALM, null, null, null, null, null, null, STUDENT_DATA, null, training, "cpu",
                  armNtpWeight, null, null, null, null, null, null), Map.of("teacher.0", teacher.model()), workDir));
        });
    double minutes = (System.nanoTime() - started) / 60e9;
    String report = new AlmReport(args, teacherSteps, steps, seeds, minutes, teacher.cached())
        .write(teacher.outcome().bitsPerByte(), teacherAccuracy, arms.stream().map(Arm::name).toList(),
            results.stream().map(AlmReport.Column::of).toList());
    ResultsFile.write(out, report);
    System.out.print(report);
    System.out.println("wrote " + out);
    return 0;
  }

  private static OptimizationSpec training(int steps, long seed) {
    return new OptimizationSpec(steps, BATCH, 3e-3, Math.min(30, steps / 10), 0.1, 1.0, steps, steps, seed);
  }

  /** Trains the student, then reads its last held-out bits per byte and its G-arith exact match. */
  private static DistillBench.Outcome measure(TrainingJob job) {
    LastEvaluation last = new LastEvaluation(false);
    long started = System.nanoTime();
    TrainingSummary summary = job.run(Optional.empty(), last, StopSignal.NEVER);
    double seconds = (System.nanoTime() - started) / 1e9;
    return new DistillBench.Outcome(last.bitsPerByte(), arithAccuracy(summary.model()), seconds);
  }


  /** Greedy exact match on the arith domain's first held-out problems, in the model's own tokens. */
  private static double arithAccuracy(Path model) {
    TaskGenerator generator = (TaskGenerator) Generators.of(ARITH);
    List<Map.Entry<String, String>> problems = new ArrayList<>();
    for (long index = Corpus.VALIDATION_EVERY - 1; problems.size() < ARITH_PROBLEMS;
        index += Corpus.VALIDATION_EVERY) {
      TaskProblem problem = generator.problem(index);
      problems.add(Map.entry(problem.prompt(), problem.completion()));
    }
    try (PointerScope scope = new PointerScope()) {
      ModelFiles.LoadedModel loaded = ModelFiles.load(model, CPU);
      return TaskEvaluation.of("arith", problems, loaded.tokenizer(), loaded.config().contextLength()).orElseThrow()
          .evaluate(loaded.model(), CPU).accuracy();
    }
  }
}
