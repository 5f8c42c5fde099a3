package dev.pedigree.workers.bench;

import dev.pedigree.workers.bench.EnsembleEvaluation.Outcome;
import dev.pedigree.workers.engine.checkpoint.ModelFiles;
import dev.pedigree.workers.engine.checkpoint.ModelFiles.LoadedModel;
import dev.pedigree.workers.engine.data.GArithGenerator;
import dev.pedigree.workers.engine.data.GArithGenerator.Operation;
import dev.pedigree.workers.engine.data.SplitMix64;
import dev.pedigree.workers.engine.data.TaskProblem;
import dev.pedigree.workers.engine.torch.TorchRuntime;
import dev.pedigree.workflows.spec.DataSpec;
import dev.pedigree.workflows.spec.ModelSpec;
import dev.pedigree.workflows.spec.OptimizationSpec;
import dev.pedigree.workflows.spec.PretrainSpec;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * {@code pedigree bench ensemble [--seeds 3] [--steps N] [--problems N]}: per seed, trains {@link #MEMBERS} small
 * G-arith models that differ only in their seeds and one corrupted member (the same recipe on data with
 * {@link #LABEL_NOISE} of the answers replaced by another problem's), cached under
 * {@code $PEDIGREE_HOME/bench/ensemble}, then scores greedy exact match on held-out problems of each model alone and
 * of uniform and CoRE ensembles with and without the corrupted member, and writes docs/results/ensemble.md (relative
 * to the working directory), keeping the previous file's hand-written Discussion.
 */
public final class EnsembleBench {
  static final Path OUTPUT = Path.of("docs", "results", "ensemble.md");
  static final int MEMBERS = 3;
  static final double LABEL_NOISE = 0.3;
  static final int DOCUMENTS = 50_000;
  static final Set<Operation> OPERATIONS = EnumSet.of(Operation.ADD);
  static final ModelSpec MODEL = new ModelSpec(2, 64, 4, 32, null, "rotary");
  /** Held-out problems come from a generator seed no member trained on. */
  private static final long HELD_OUT_SEED = 1_000_000;

  private EnsembleBench() {}

  public static int run(String[] args) throws IOException {
    BenchOptions options = BenchOptions.parse(args, Set.of("seeds", "steps", "problems"));
    int seeds = options.positiveInt("seeds", 3);
    int steps = options.positiveInt("steps", 2000);
    int problems = options.positiveInt("problems", 2000);
    TorchRuntime.initialize();
    Path runDir = BenchRuns.directory("ensemble");
    long started = System.nanoTime();
    List<Outcome> outcomes = new ArrayList<>();
    for (long seed = 1; seed <= seeds; seed++) {
      List<LoadedModel> members = new ArrayList<>();
      for (int member = 0; member <= MEMBERS; member++) {
        long memberSeed = seed * 100 + member;
        double noise = member == MEMBERS ? LABEL_NOISE : 0;
        Path model = BenchRuns.cachedBase(runDir, spec(trainingFile(runDir, memberSeed, noise), steps, memberSeed));
        members.add(ModelFiles.load(model, TorchRuntime.device("cpu")));
      }
      Outcome outcome = EnsembleEvaluation.evaluate(members, heldOut(seed, problems));
      System.out.println("seed " + seed + ": " + outcome);
      outcomes.add(outcome);
    }
    double minutes = (System.nanoTime() - started) / 60e9;
    String report = EnsembleReport.markdown(args, spec(Path.of("<data>"), steps, 1), problems, outcomes, minutes);
    ResultsFile.write(OUTPUT, report);
    System.out.print(report);
    System.out.println("wrote " + OUTPUT.toAbsolutePath());
    return 0;
  }

  static PretrainSpec spec(Path trainingFile, int steps, long seed) {
    OptimizationSpec training = new OptimizationSpec(steps, 32, 3e-3, 100, 0.1, 1.0, steps, steps, seed);
    DataSpec data = new DataSpec(null, DOCUMENTS, seed, null, null, List.of(trainingFile.toString()), null);
    return new PretrainSpec(MODEL, data, training, "cpu");
  }

  static List<TaskProblem> heldOut(long seed, int count) {
    GArithGenerator generator = generator(HELD_OUT_SEED + seed);
    List<TaskProblem> problems = new ArrayList<>();
    for (long index = 0; index < count; index++) {
      problems.add(generator.problem(index));
    }
    return problems;
  }

  /**
   * Document {@code index} of a member's training data: with probability {@code noise} its answer is replaced by
   * another problem's (a different one), otherwise the problem as generated.
   */
  static String document(GArithGenerator generator, long seed, long index, double noise) {
    TaskProblem problem = generator.problem(index);
    SplitMix64 random = SplitMix64.forStream(~seed, index);
    if (random.nextDouble() >= noise) {
      return problem.document();
    }
    String wrong = problem.answer();
    for (long other = DOCUMENTS + random.nextInt(DOCUMENTS); wrong.equals(problem.answer()); other++) {
      wrong = generator.problem(other).answer();
    }
    return new TaskProblem(problem.prompt(), wrong).document();
  }

  private static GArithGenerator generator(long seed) {
    return new GArithGenerator(seed, OPERATIONS, GArithGenerator.DEFAULT_CARRY_HEAVY_SHARE);
  }

  /** The member's documents, a line each, in a file named by their digest so a cached model matches them. */
  static Path trainingFile(Path runDir, long seed, double noise) throws IOException {
    GArithGenerator generator = generator(seed);
    StringBuilder text = new StringBuilder();
    for (long index = 0; index < DOCUMENTS; index++) {
      text.append(document(generator, seed, index, noise));
    }
    return BenchRuns.dataFile(runDir, "g-arith-" + seed, text.toString());
  }
}
