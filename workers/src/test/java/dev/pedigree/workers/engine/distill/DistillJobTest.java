package dev.pedigree.workers.engine.distill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.pedigree.workers.engine.StepMetrics;
import dev.pedigree.workers.engine.StopSignal;
import dev.pedigree.workers.engine.Trainer;
import dev.pedigree.workers.engine.TrainingListener;
import dev.pedigree.workers.engine.TrainingSummary;
import dev.pedigree.workers.engine.checkpoint.ModelFiles;
import dev.pedigree.workers.engine.checkpoint.SafeTensorsReader;
import dev.pedigree.workers.engine.optim.Optimizers;
import dev.pedigree.workers.engine.torch.TorchRuntime;
import dev.pedigree.workflows.spec.DataSpec;
import dev.pedigree.workflows.spec.DistillSpec;
import dev.pedigree.workflows.spec.ModelSpec;
import dev.pedigree.workflows.spec.OnPolicySpec;
import dev.pedigree.workflows.spec.OptimizationSpec;
import dev.pedigree.workflows.spec.OptimizerSpec;
import dev.pedigree.workflows.spec.PretrainSpec;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Device;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class DistillJobTest {
  private static final String TEACHER_ID = "00000000-0000-4000-8000-000000000001";
  private static final String OTHER_ID = "00000000-0000-4000-8000-000000000002";
  private static final DataSpec ARITH = new DataSpec("g-arith", 200, 7L);
  private static final DataSpec BPE_ARITH = new DataSpec("g-arith", 200, 7L, "bpe", 300, null, null);

  @TempDir static Path models;
  @TempDir Path directory;

  /** 2 layers, d=32, context 32, trained briefly on G-arith: the teacher. */
  private static Path teacher;
  /** The same shape from another seed and fewer steps: a second teacher, and the reverse-DPO stand-in. */
  private static Path otherTeacher;
  /** The teacher's shape and steps on the same problems in BPE-300 tokens: the cross-tokenizer ({@code alm}) teacher. */
  private static Path bpeTeacher;

  @BeforeAll
  static void trainTeachers() {
    TorchRuntime.initialize();
    teacher = pretrain(40, 1L, "teacher", ARITH);
    otherTeacher = pretrain(10, 2L, "other", ARITH);
    bpeTeacher = pretrain(40, 1L, "bpe-teacher", BPE_ARITH);
  }

  private static Path pretrain(int steps, long seed, String name, DataSpec data) {
    PretrainSpec spec = new PretrainSpec(new ModelSpec(2, 32, 4, 32), data,
        new OptimizationSpec(steps, 8, 3e-3, 3, 0.1, 1.0, steps, steps, seed), "cpu");
    return new Trainer(spec, models.resolve(name)).run(Optional.empty(), new TrainingListener() {}, StopSignal.NEVER)
        .model();
  }

  private static OptimizationSpec training(int steps, int gradAccumulation) {
    return new OptimizationSpec(steps, 4, 3e-3, Math.min(2, steps), 0.1, 1.0, 6, 5, 3L, gradAccumulation);
  }

  /** A one-layer d=16 student from scratch (smaller than the teacher), distilled with {@code loss}. */
  private static DistillSpec kd(List<String> teachers, String student, String loss, OptimizationSpec training) {
    ModelSpec shape = student == null ? new ModelSpec(1, 16, 2, 32) : null;
    return new DistillSpec(null, teachers, null, null, null, null, student, shape, loss, null, 2.0, null, null, null,
        null, ARITH, null, training, "cpu");
  }

  private static DistillSpec alignDistil(OptimizationSpec training) {
    return alignDistil("adaptive", OTHER_ID, 2.0, null, null, training);
  }

  /** AlignDistil from dpo = the teacher (and {@code reverseDpo}, when given), the student from the reference. */
  private static DistillSpec alignDistil(String composition, String reverseDpo, Double beta2, Double lambda,
      OnPolicySpec onPolicy, OptimizationSpec training) {
    return new DistillSpec("aligndistil", null, null, TEACHER_ID, reverseDpo, TEACHER_ID, null, null, null, null, null,
        null, beta2, composition, lambda, ARITH, onPolicy, training, "cpu");
  }

  /** ALM from the BPE teacher into a one-layer d=16 byte student from scratch. */
  private static DistillSpec alm(Double ntpWeight, OptimizationSpec training) {
    return new DistillSpec(null, List.of(TEACHER_ID), null, null, null, null, null, new ModelSpec(1, 16, 2, 32), "alm",
        null, null, null, null, null, null, ARITH, null, training, "cpu", ntpWeight, null, null, null, null, null, null);
  }

  static Stream<Arguments> resumableRuns() {
    return Stream.of(
        Arguments.of("mixed KD from two teachers, accumulating two micro-batches",
            kd(List.of(TEACHER_ID, OTHER_ID), null, "mixed", training(12, 2)),
            Map.of("teacher.0", "teacher", "teacher.1", "other")),
        Arguments.of("KD with FRUGAL, reselecting at steps 4 and 8 across the resume at 6",
            kd(List.of(TEACHER_ID), null, "forward-kl",
                training(12, 1).withOptimizer(new OptimizerSpec(OptimizerSpec.FRUGAL, 0.5, 4, null))),
            Map.of("teacher.0", "teacher")),
        Arguments.of("AlignDistil from the reference",
            alignDistil(training(12, 1)), Map.of("dpo", "teacher", "reverse-dpo", "other", "reference", "teacher")),
        Arguments.of("contrastive AlignDistil with a fixed λ",
            alignDistil("contrastive", OTHER_ID, null, 0.5, null, training(12, 1)),
            Map.of("dpo", "teacher", "reverse-dpo", "other", "reference", "teacher")),
        Arguments.of("on-policy theorem AlignDistil, accumulating two micro-batches",
            alignDistil("theorem", null, 0.05, null, new OnPolicySpec(8, 1.0), training(12, 2)),
            Map.of("dpo", "teacher", "reference", "other")),
        Arguments.of("on-policy KD",
            kd(List.of(TEACHER_ID), OTHER_ID, "reverse-kl", training(12, 1)).withOnPolicy(new OnPolicySpec(8, 1.0)),
            Map.of("teacher.0", "teacher", "student", "other")),
        Arguments.of("ALM + NTP from a BPE teacher into a byte student",
            alm(0.1, training(12, 1)), Map.of("teacher.0", "bpe")));
  }

  private static Map<String, Path> files(Map<String, String> roles) {
    Map<String, Path> files = new LinkedHashMap<>();
    roles.forEach((role, model) -> files.put(role, switch (model) {
      case "teacher" -> teacher;
      case "bpe" -> bpeTeacher;
      default -> otherTeacher;
    }));
    return files;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("resumableRuns")
  void aResumedRunEndsWithBitIdenticalWeights(String name, DistillSpec spec, Map<String, String> roles)
      throws IOException {
    Map<String, Path> inputs = files(roles);
    TrainingSummary straight = new DistillJob(spec, inputs, directory.resolve("straight"))
        .run(Optional.empty(), new TrainingListener() {}, StopSignal.NEVER);

    Recorder firstHalf = new Recorder();
    TrainingSummary stopped = new DistillJob(spec, inputs, directory.resolve("resumed"))
        .run(Optional.empty(), firstHalf, () -> firstHalf.steps.size() >= 6);
    assertThat(stopped.stopped()).isTrue();
    assertThat(stopped.lastCheckpoint().step()).isEqualTo(6);

    Recorder secondHalf = new Recorder();
    TrainingSummary resumed = new DistillJob(spec, inputs, directory.resolve("resumed"))
        .run(Optional.of(stopped.lastCheckpoint().path()), secondHalf, StopSignal.NEVER);
    assertThat(secondHalf.fromStep).isEqualTo(6);
    assertThat(secondHalf.steps).first().extracting(StepMetrics::step).isEqualTo(7L);
    assertThat(resumed.steps()).isEqualTo(12);
    assertThat(resumed.finalLoss()).isEqualTo(straight.finalLoss());
    assertSameTensors(straight.model(), resumed.model());
  }

  @Test
  void aSmallerStudentLearnsTowardsItsTeacherAndReportsDistillMetrics() throws IOException {
    Recorder recorder = new Recorder();
    TrainingSummary summary = new DistillJob(kd(List.of(TEACHER_ID), null, "forward-kl", training(30, 1)),
        Map.of("teacher.0", teacher), directory.resolve("kd")).run(Optional.empty(), recorder, StopSignal.NEVER);

    assertThat(recorder.metrics).hasSize(30).allSatisfy(values -> assertThat(values).containsOnlyKeys("distill/kl"));
    double firstKl = recorder.metrics.get(0).get("distill/kl");
    double lastKl = recorder.metrics.subList(25, 30).stream().mapToDouble(values -> values.get("distill/kl"))
        .average().orElseThrow();
    assertThat(lastKl).isLessThan(0.5 * firstKl);
    // forward-kl at T = 2: the loss is T²·KL
    assertThat(recorder.steps.get(0).loss()).isEqualTo(4 * firstKl, org.assertj.core.api.Assertions.within(1e-5));
    assertThat(recorder.evalSteps).containsExactly(6L, 12L, 18L, 24L, 30L);
    assertThat(recorder.tasks).containsOnly("arith").hasSize(5);

    ModelFiles.Header header = ModelFiles.header(summary.model());
    assertThat(header.config().layers()).isEqualTo(1);
    assertThat(header.config().dModel()).isEqualTo(16);
    assertThat(header.tokenizer().sha256()).isEqualTo(ModelFiles.header(teacher).tokenizer().sha256());
  }

  @Test
  void aStudentThatIsItsTeacherStartsAtZeroKlAndAlignDistilLogsLambda() {
    Recorder self = new Recorder();
    new DistillJob(kd(List.of(TEACHER_ID), OTHER_ID, "reverse-kl", training(1, 1)),
        Map.of("teacher.0", teacher, "student", teacher), directory.resolve("self"))
        .run(Optional.empty(), self, StopSignal.NEVER);
    assertThat(self.metrics.get(0).get("distill/kl")).isBetween(0.0, 1e-6);

    Recorder align = new Recorder();
    new DistillJob(alignDistil(training(2, 1)), files(Map.of("dpo", "teacher", "reverse-dpo", "other",
        "reference", "teacher")), directory.resolve("align")).run(Optional.empty(), align, StopSignal.NEVER);
    assertThat(align.metrics.get(0)).containsOnlyKeys("distill/kl", "distill/lambda_mean");
    // λ = β₂·TV + 1e-3 with β₂ = 2 and TV in (0, 1]
    assertThat(align.metrics.get(0).get("distill/lambda_mean")).isBetween(1e-3, 2.001);
  }

  @Test
  void theTheoremTeacherWithBeta2EqualToBetaIsTheDpoModel() {
    // w = β/β₂ = 1: z* = z_dpo, so the KL is reverse KD's towards the DPO model and the loss is β₂ times it.
    Map<String, Path> inputs = files(Map.of("dpo", "teacher", "reference", "other"));
    Recorder theorem = new Recorder();
    new DistillJob(alignDistil("theorem", null, 0.1, null, null, training(1, 1)), inputs, directory.resolve("theorem"))
        .run(Optional.empty(), theorem, StopSignal.NEVER);
    Recorder reverseKd = new Recorder();
    DistillSpec kd = new DistillSpec(null, List.of(TEACHER_ID), null, null, null, null, OTHER_ID, null, "reverse-kl",
        null, 1.0, null, null, null, null, ARITH, null, training(1, 1), "cpu");
    new DistillJob(kd, Map.of("teacher.0", teacher, "student", otherTeacher), directory.resolve("kd"))
        .run(Optional.empty(), reverseKd, StopSignal.NEVER);

    double kl = reverseKd.metrics.get(0).get("distill/kl");
    assertThat(kl).isGreaterThan(0.01);
    assertThat(theorem.metrics.get(0)).containsOnlyKeys("distill/kl");
    assertThat(theorem.metrics.get(0).get("distill/kl")).isCloseTo(kl, within(1e-6));
    assertThat(theorem.steps.get(0).loss()).isCloseTo(0.1 * kl, within(1e-6));
  }

  @Test
  void onPolicyTheStudentSamplesCompletionsAndAStudentThatIsItsTeacherHasZeroKl() {
    Recorder self = new Recorder();
    DistillSpec spec = kd(List.of(TEACHER_ID), OTHER_ID, "reverse-kl", training(1, 1))
        .withOnPolicy(new OnPolicySpec(8, 1.0));
    new DistillJob(spec, Map.of("teacher.0", teacher, "student", teacher), directory.resolve("self"))
        .run(Optional.empty(), self, StopSignal.NEVER);
    assertThat(self.metrics.get(0).get("distill/kl")).isBetween(0.0, 1e-6);

    try (PointerScope scope = new PointerScope()) {
      ModelFiles.LoadedModel student = ModelFiles.load(teacher, new Device("cpu"));
      OnPolicyCompletions completions = new OnPolicyCompletions(spec, student.tokenizer());
      DistillTokens.Completions first = completions.sample(student.model(), 0, 6, 0, new Device("cpu"));
      DistillTokens.Completions again = completions.sample(student.model(), 0, 6, 0, new Device("cpu"));
      DistillTokens.Completions otherStream = completions.sample(student.model(), 0, 6, 1, new Device("cpu"));
      assertThat(first.batch().rows()).isEqualTo(6);
      assertThat(first.batch().mask().size(1)).isBetween(1L, 8L);
      assertThat(first.batch().targets().equal(again.batch().targets())).isTrue();
      assertThat(first.batch().targets().equal(otherStream.batch().targets())).isFalse();
    }
  }

  @Test
  void almDistilsABpeTeacherIntoAByteStudentAndLowersTheChunkLoss() throws IOException {
    Recorder recorder = new Recorder();
    TrainingSummary summary = new DistillJob(alm(null, training(30, 1)), Map.of("teacher.0", bpeTeacher),
        directory.resolve("alm")).run(Optional.empty(), recorder, StopSignal.NEVER);

    assertThat(recorder.metrics).hasSize(30)
        .allSatisfy(values -> assertThat(values).containsOnlyKeys("distill/alm", "distill/ce"));
    double firstLoss = recorder.steps.get(0).loss();
    // ntpWeight defaults to 0: the loss is the chunk divergence alone.
    assertThat(firstLoss).isCloseTo(recorder.metrics.get(0).get("distill/alm"), within(1e-5));
    double lastLoss = recorder.steps.subList(25, 30).stream().mapToDouble(StepMetrics::loss).average().orElseThrow();
    assertThat(lastLoss).isLessThan(0.8 * firstLoss);
    double firstCe = recorder.metrics.get(0).get("distill/ce");
    assertThat(recorder.metrics.get(29).get("distill/ce")).as("the student's own next-byte loss").isLessThan(firstCe);

    ModelFiles.Header header = ModelFiles.header(summary.model());
    assertThat(header.tokenizer().vocabSize()).isEqualTo(256);
    assertThat(ModelFiles.header(bpeTeacher).tokenizer().vocabSize()).isEqualTo(300);
  }

  @Test
  void almWeighsTeachersThatEachHaveTheirOwnTokenizer() {
    // At step 1, before any update, the divergence from a 3:1 mixture is the weighted mean of each teacher's.
    double bpeOnly = firstAlmDivergence(List.of(TEACHER_ID), null, Map.of("teacher.0", bpeTeacher));
    double byteOnly = firstAlmDivergence(List.of(TEACHER_ID), null, Map.of("teacher.0", teacher));
    double both = firstAlmDivergence(List.of(TEACHER_ID, OTHER_ID), List.of(3.0, 1.0),
        Map.of("teacher.0", bpeTeacher, "teacher.1", teacher));

    assertThat(bpeOnly).isNotCloseTo(byteOnly, within(1e-3));
    assertThat(both).isCloseTo(0.75 * bpeOnly + 0.25 * byteOnly, within(1e-6));
  }

  private double firstAlmDivergence(List<String> teachers, List<Double> weights, Map<String, Path> files) {
    DistillSpec spec = new DistillSpec(null, teachers, weights, null, null, null, null, new ModelSpec(1, 16, 2, 32),
        "alm", null, null, null, null, null, null, ARITH, null, training(1, 1), "cpu", null, null, null, null, null, null, null);
    Recorder recorder = new Recorder();
    new DistillJob(spec, files, directory.resolve("alm-" + teachers.size() + "-" + files.hashCode()))
        .run(Optional.empty(), recorder, StopSignal.NEVER);
    return recorder.metrics.get(0).get("distill/alm");
  }

  @Test
  void teachersWithAnotherTokenizerFailClearly() {
    PretrainSpec bpe = new PretrainSpec(new ModelSpec(1, 16, 2, 32),
        new DataSpec("g-arith", 200, 7L, "bpe", 300, null, null),
        new OptimizationSpec(1, 4, 3e-3, 0, 0.1, 1.0, 1, 1, 1L), "cpu");
    Path bpeTeacher = new Trainer(bpe, directory.resolve("bpe"))
        .run(Optional.empty(), new TrainingListener() {}, StopSignal.NEVER).model();

    DistillJob job = new DistillJob(kd(List.of(TEACHER_ID, OTHER_ID), null, "forward-kl", training(1, 1)),
        Map.of("teacher.0", teacher, "teacher.1", bpeTeacher), directory.resolve("mismatch"));
    assertThatThrownBy(() -> job.run(Optional.empty(), new TrainingListener() {}, StopSignal.NEVER))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("teacher.1 uses another tokenizer (vocabulary 300")
        .hasMessageContaining("than teacher.0 (vocabulary 256")
        .hasMessageContaining("must share one tokenizer (loss alm distils across tokenizers)");
  }

  private static void assertSameTensors(Path expected, Path actual) throws IOException {
    try (SafeTensorsReader left = SafeTensorsReader.open(expected);
        SafeTensorsReader right = SafeTensorsReader.open(actual)) {
      assertThat(right.tensors().keySet()).containsExactlyElementsOf(left.tensors().keySet());
      for (String name : left.tensors().keySet()) {
        assertThat(right.read(name).equals(left.read(name))).as("bytes of %s", name).isTrue();
      }
    }
  }

  private static final class Recorder implements TrainingListener {
    long fromStep = -1;
    final List<StepMetrics> steps = new ArrayList<>();
    final List<Map<String, Double>> metrics = new ArrayList<>();
    final List<Long> evalSteps = new ArrayList<>();
    final List<String> tasks = new ArrayList<>();

    @Override
    public void onStart(long fromStep, long totalSteps, String device) {
      this.fromStep = fromStep;
    }

    @Override
    public void onStep(StepMetrics metrics) {
      steps.add(metrics);
    }

    @Override
    public void onMetrics(long step, Map<String, Double> values) {
      if (!values.containsKey(Optimizers.STATE_BYTES_METRIC)) {
        metrics.add(values);
      }
    }

    @Override
    public void onEval(dev.pedigree.workers.engine.EvalMetrics metrics) {
      evalSteps.add(metrics.step());
    }

    @Override
    public void onTaskEval(long step, String task, double accuracy) {
      tasks.add(task);
    }
  }
}
