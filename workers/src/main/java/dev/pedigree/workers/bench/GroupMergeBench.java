package dev.pedigree.workers.bench;

import dev.pedigree.workers.engine.StopSignal;
import dev.pedigree.workers.engine.TrainingListener;
import dev.pedigree.workers.engine.checkpoint.ModelFiles;
import dev.pedigree.workers.engine.checkpoint.ModelFiles.LoadedModel;
import dev.pedigree.workers.engine.data.GTranslateGenerator;
import dev.pedigree.workers.engine.data.GTranslateGenerator.Direction;
import dev.pedigree.workers.engine.data.TaskGenerator;
import dev.pedigree.workers.engine.data.TaskProblem;
import dev.pedigree.workers.engine.merge.MergeJob;
import dev.pedigree.workers.engine.merge.SynergyGroups;
import dev.pedigree.workers.engine.merge.TransferMatrix;
import dev.pedigree.workers.engine.torch.TorchRuntime;
import dev.pedigree.workflows.spec.DataSpec;
import dev.pedigree.workflows.spec.MergeSpec;
import dev.pedigree.workflows.spec.ModelSpec;
import dev.pedigree.workflows.spec.OptimizationSpec;
import dev.pedigree.workflows.spec.PretrainSpec;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.IntFunction;
import java.util.stream.IntStream;

/**
 * {@code pedigree bench groupmerge [--seeds 3] [--pretrain-steps N] [--mix-steps N] [--finetune-steps N]
 * [--finetune-lr X]} (METHODS.md §3.4 #2): per seed, a base pretrained on all six G-translate directions (cached
 * under {@code $PEDIGREE_HOME/bench/groupmerge}) then trained on their answers, one fine-tune per direction, the
 * transfer matrix of held-out answer losses, the synergy groups it gives, and greedy exact match per direction of the
 * individual fine-tunes, a task-arithmetic merge of all six, a task-arithmetic merge within each synergy group (a
 * problem goes to its direction's group), and a joint fine-tune on all six. Writes docs/results/groupmerge.md, keeping
 * the previous file's Discussion.
 */
public final class GroupMergeBench {
  static final Path OUTPUT = Path.of("docs", "results", "groupmerge.md");
  static final List<Direction> DIRECTIONS = GTranslateGenerator.ALL_DIRECTIONS;
  static final ModelSpec MODEL = new ModelSpec(4, 64, 4, 32, null, "rotary");
  static final int DOCUMENTS = 40_000;
  static final int HELD_OUT = 256;
  static final int PROBE = 64;
  /** The rate of the base's training on the answers of all directions, after pretraining. */
  static final double MIX_LEARNING_RATE = 1e-3;
  /** The per-task task-arithmetic coefficients a merge tries, keeping the one with the lowest probe loss. */
  static final List<Double> LAMBDAS = List.of(0.1, 0.25, 0.5, 0.75, 1.0);

  private GroupMergeBench() {}

  /** One seed's models scored per direction for each arm, and what the grouping was built from. */
  record SeedOutcome(long seed, double[] baseLoss, TransferMatrix transfer, SynergyGroups groups,
      Map<String, double[]> exactMatch, Map<String, double[]> answerLoss, Map<String, Double> lambdas) {}

  /** Runs without the platform jar: {@code java -cp <workers classpath> dev.pedigree.workers.bench.GroupMergeBench}. */
  public static void main(String[] args) throws IOException {
    System.exit(run(args));
  }

  public static int run(String[] args) throws IOException {
    BenchOptions options =
        BenchOptions.parse(args, Set.of("seeds", "pretrain-steps", "mix-steps", "finetune-steps", "finetune-lr"));
    int seeds = options.positiveInt("seeds", 3);
    int pretrainSteps = options.positiveInt("pretrain-steps", 300);
    int mixSteps = options.positiveInt("mix-steps", 1000);
    int finetuneSteps = options.positiveInt("finetune-steps", 100);
    double finetuneLearningRate = options.positiveDouble("finetune-lr", 3e-4);
    TorchRuntime.initialize();
    Path runDir = BenchRuns.directory("groupmerge");
    long started = System.nanoTime();
    List<SeedOutcome> outcomes = new ArrayList<>();
    for (long seed = 1; seed <= seeds; seed++) {
      Path pretrained = BenchRuns.cachedBase(runDir, pretrainSpec(runDir, seed, pretrainSteps));
      Path directory = BenchRuns.fresh(runDir, "models", seed);
      Path base = TaskFineTune.run(pretrained, new GTranslateGenerator(500 + seed, DIRECTIONS), "all directions",
          mixSteps, MIX_LEARNING_RATE, directory.resolve("base.safetensors"));
      outcomes.add(runSeed(base, directory, seed, finetuneSteps, finetuneLearningRate));
    }
    double minutes = (System.nanoTime() - started) / 60e9;
    String report = GroupMergeReport.markdown(args, pretrainSteps, mixSteps, finetuneSteps, finetuneLearningRate,
        outcomes, minutes);
    ResultsFile.write(OUTPUT, report);
    System.out.print(report);
    System.out.println("wrote " + OUTPUT.toAbsolutePath());
    return 0;
  }

  static PretrainSpec pretrainSpec(Path runDir, long seed, int steps) throws IOException {
    GTranslateGenerator generator = new GTranslateGenerator(seed, DIRECTIONS);
    StringBuilder text = new StringBuilder();
    for (long index = 0; index < DOCUMENTS; index++) {
      text.append(generator.document(index));
    }
    Path data = BenchRuns.dataFile(runDir, "g-translate-" + seed, text.toString());
    OptimizationSpec training =
        new OptimizationSpec(steps, TaskFineTune.BATCH, 3e-3, Math.min(30, steps / 10), 0.1, 1.0, steps, steps, seed);
    return new PretrainSpec(MODEL, new DataSpec(null, DOCUMENTS, seed, null, null, List.of(data.toString()), null),
        training, "cpu");
  }

  private static SeedOutcome runSeed(Path base, Path directory, long seed, int steps, double learningRate) {
    List<List<TaskProblem>> heldOut = new ArrayList<>();
    for (Direction direction : DIRECTIONS) {
      heldOut.add(problems(List.of(direction), 5000 + seed, HELD_OUT));
    }
    double[] baseLoss = answerLosses(i -> base, heldOut);
    List<Path> fineTunes = new ArrayList<>();
    double[][] fineTunedLoss = new double[DIRECTIONS.size()][];
    for (int i = 0; i < DIRECTIONS.size(); i++) {
      Direction direction = DIRECTIONS.get(i);
      Path fineTune = TaskFineTune.run(base, new GTranslateGenerator(1000 + seed, List.of(direction)),
          direction.tag(), steps, learningRate, directory.resolve("finetune-" + i + ".safetensors"));
      fineTunes.add(fineTune);
      fineTunedLoss[i] = answerLosses(to -> fineTune, heldOut);
    }
    TransferMatrix transfer = TransferMatrix.of(baseLoss, fineTunedLoss);
    SynergyGroups groups = SynergyGroups.of(transfer);
    System.out.printf(Locale.ROOT, "seed %d: transfer %s, asymmetry %.3f, groups %s%n", seed, transfer,
        transfer.asymmetry(), groups.groups());

    Map<String, IntFunction<Path>> arms = new LinkedHashMap<>();
    Map<String, Double> lambdas = new LinkedHashMap<>();
    arms.put("base", i -> base);
    arms.put(GroupMergeReport.INDIVIDUAL, fineTunes::get);
    List<Integer> everyDirection = IntStream.range(0, DIRECTIONS.size()).boxed().toList();
    Path allMerge = tunedMerge(base, fineTunes, everyDirection, seed, directory.resolve("all"), lambdas);
    arms.put(GroupMergeReport.ALL_TASK, i -> allMerge);
    List<Path> groupModels = new ArrayList<>();
    for (int group = 0; group < groups.groups().size(); group++) {
      List<Integer> members = groups.groups().get(group);
      groupModels.add(members.size() == 1 ? fineTunes.get(members.get(0))
          : tunedMerge(base, fineTunes, members, seed, directory.resolve("group-" + group), lambdas));
    }
    arms.put(GroupMergeReport.GROUP_WISE, i -> groupModels.get(groups.groupOf(i)));
    Path joint = TaskFineTune.run(base, new GTranslateGenerator(1000 + seed, DIRECTIONS), "all directions",
        steps * DIRECTIONS.size(), learningRate, directory.resolve("joint.safetensors"));
    arms.put("joint fine-tune", i -> joint);
    Map<String, double[]> exactMatch = new LinkedHashMap<>();
    Map<String, double[]> answerLoss = new LinkedHashMap<>();
    arms.forEach((arm, modelFor) -> {
      exactMatch.put(arm, exactMatch(modelFor, heldOut));
      answerLoss.put(arm, answerLosses(modelFor, heldOut));
      System.out.printf(Locale.ROOT, "seed %d %s: exact match %s, answer loss %s%n", seed, arm,
          Arrays.toString(exactMatch.get(arm)), Arrays.toString(answerLoss.get(arm)));
    });
    return new SeedOutcome(seed, baseLoss, transfer, groups, exactMatch, answerLoss, lambdas);
  }

  /**
   * The task-arithmetic merge (through the real {@code merge} job) of the fine-tunes of {@code members}, with the
   * per-task coefficient of {@link #LAMBDAS} whose merge has the lowest answer loss on a probe of those directions.
   */
  private static Path tunedMerge(Path base, List<Path> fineTunes, List<Integer> members, long seed, Path directory,
      Map<String, Double> lambdas) {
    List<TaskProblem> probe = problems(members.stream().map(DIRECTIONS::get).toList(), 3000 + seed,
        PROBE * members.size());
    Map<String, Path> roles = new LinkedHashMap<>();
    List<String> parents = new ArrayList<>();
    for (int member : members) {
      roles.put("parent." + parents.size(), fineTunes.get(member));
      parents.add(DIRECTIONS.get(member).tag());
    }
    roles.put(MergeSpec.BASE_ROLE, base);
    Path best = null;
    double bestLoss = Double.POSITIVE_INFINITY;
    double bestLambda = Double.NaN;
    for (double lambda : LAMBDAS) {
      MergeSpec spec = new MergeSpec(MergeSpec.TASK_ARITHMETIC, parents, null, MergeSpec.BASE_ROLE,
          lambda * members.size(), null, null, null, null, null);
      Path merged = new MergeJob(spec, roles, directory.resolve("lambda-" + lambda))
          .run(Optional.empty(), new TrainingListener() {}, StopSignal.NEVER).model();
      double loss = TaskScores.answerLoss(load(merged), probe);
      if (loss < bestLoss) {
        bestLoss = loss;
        best = merged;
        bestLambda = lambda;
      }
    }
    lambdas.put(String.join(" ", parents), bestLambda);
    return best;
  }

  /** {@code count} problems of {@code directions} (drawn uniformly) from the generator seeded {@code seed}. */
  private static List<TaskProblem> problems(List<Direction> directions, long seed, int count) {
    TaskGenerator generator = new GTranslateGenerator(seed, directions);
    List<TaskProblem> problems = new ArrayList<>();
    for (long index = 0; index < count; index++) {
      problems.add(generator.problem(index));
    }
    return problems;
  }

  /** The answer loss on each direction's held-out problems of the model {@code modelFor} gives that direction. */
  private static double[] answerLosses(IntFunction<Path> modelFor, List<List<TaskProblem>> heldOut) {
    double[] loss = new double[heldOut.size()];
    for (int i = 0; i < heldOut.size(); i++) {
      loss[i] = TaskScores.answerLoss(load(modelFor.apply(i)), heldOut.get(i));
    }
    return loss;
  }

  /** Exact match on each direction's held-out problems of the model {@code modelFor} gives that direction. */
  private static double[] exactMatch(IntFunction<Path> modelFor, List<List<TaskProblem>> heldOut) {
    double[] accuracy = new double[heldOut.size()];
    for (int i = 0; i < heldOut.size(); i++) {
      accuracy[i] = TaskScores.exactMatch(load(modelFor.apply(i)), DIRECTIONS.get(i).tag(), heldOut.get(i));
    }
    return accuracy;
  }

  private static LoadedModel load(Path model) {
    return ModelFiles.load(model, TorchRuntime.device("cpu"));
  }
}
