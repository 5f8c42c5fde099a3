package dev.pedigree.workers.bench;

import static dev.pedigree.workers.bench.BenchRuns.fresh;
import static dev.pedigree.workers.bench.BenchRuns.timed;

import dev.pedigree.workers.bench.BenchRuns.Run;
import dev.pedigree.workers.engine.Batch;
import dev.pedigree.workers.engine.StopSignal;
import dev.pedigree.workers.engine.checkpoint.ModelFiles;
import dev.pedigree.workers.engine.data.Dataset;
import dev.pedigree.workers.engine.distill.AlignDistilLambdas;
import dev.pedigree.workers.engine.distill.DistillJob;
import dev.pedigree.workers.engine.policy.RewardEvaluation;
import dev.pedigree.workers.engine.policy.TaskPrompts;
import dev.pedigree.workers.engine.preference.PreferenceJob;
import dev.pedigree.workers.engine.reward.Rewards;
import dev.pedigree.workers.engine.torch.TorchRuntime;
import dev.pedigree.workflows.spec.DataSpec;
import dev.pedigree.workflows.spec.DistillSpec;
import dev.pedigree.workflows.spec.OnPolicySpec;
import dev.pedigree.workflows.spec.OptimizationSpec;
import dev.pedigree.workflows.spec.PairsSpec;
import dev.pedigree.workflows.spec.PreferenceSpec;
import dev.pedigree.workflows.spec.PretrainSpec;
import dev.pedigree.workflows.spec.PromptSpec;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Device;

/**
 * {@code pedigree bench aligndistil [--seeds 3] [--base-steps N] [--pairs N] [--steps N]}: AlignDistil on METHODS.md
 * §3.3's sentiment task. Pretrains the demo-shaped byte-level GPT on G-text (cached under {@code
 * $PEDIGREE_HOME/bench/aligndistil}); per seed, samples {@code sentiment@1} pairs from it and trains DPO and reverse
 * DPO (the same pairs, {@code pairs.reversed}), then distils into a copy of the base on G-text, with forward-KL KD
 * towards the DPO model and with AlignDistil's three teacher compositions (theorem at two β₂), and on-policy with KD
 * and the adaptive one; last, DPO again with β doubled, the control for the theorem teacher at β₂ = 2β. Every arm is
 * scored on held-out prompts after each quarter of its steps; writes
 * docs/results/aligndistil.md (relative to the working directory).
 */
public final class AlignDistilBench {
  static final Path OUTPUT = Path.of("docs", "results", "aligndistil.md");
  static final int EVAL_PROMPTS = 256;
  static final int MAX_NEW_TOKENS = 32;
  static final int LAMBDA_WINDOWS = 64;
  /** Every arm's learning rate: DPO's (constant) and the distillations' peak. */
  static final double LEARNING_RATE = 1e-4;
  static final DataSpec DISTILL_DATA = new DataSpec("g-text", 4000, 7L);
  private static final String BASE_ID = "00000000-0000-4000-8000-00000000ba5e";
  private static final String DPO_ID = "00000000-0000-4000-8000-000000000d90";
  private static final String REVERSE_DPO_ID = "00000000-0000-4000-8000-00000000d9a1";
  private static final long PROMPT_SEED = 7;
  static final double BETA = 0.1;
  /**
   * The contrastive arm's fixed λ: the λ_t medians of the adaptive arm's first run of this bench (0.42, 0.46 and 0.34
   * over the three seeds, docs/results/aligndistil.md), rounded.
   */
  static final double CONTRASTIVE_LAMBDA = 0.4;
  /**
   * The theorem arm's β₂ = β/(1 + λ): DPO logits weighted 1 + λ, so z* = z_dpo + λ·(z_dpo − z_ref), the contrastive
   * arm's extrapolation but away from the reference instead of the reverse-DPO model.
   */
  static final double THEOREM_BETA2 = BETA / (1 + CONTRASTIVE_LAMBDA);
  /**
   * 2β: the second theorem arm's β₂, a teacher halfway between the base and the DPO model, z* = (z_dpo + z_ref)/2;
   * and the β of the DPO arm that controls for it, trained to the optimum that teacher targets.
   */
  static final double DOUBLE_BETA = 2 * BETA;
  static final double ON_POLICY_TEMPERATURE = 1.0;
  private static final OnPolicySpec ON_POLICY = new OnPolicySpec(MAX_NEW_TOKENS, ON_POLICY_TEMPERATURE);
  static final String CONTRASTIVE_ARM = "contrastive";
  static final String THEOREM_ARM = "theorem";
  static final String ON_POLICY_ARM = "aligndistil-on-policy";
  static final String THEOREM_BETWEEN_ARM = "theorem-between";
  static final String KD_ON_POLICY_ARM = "kd-on-policy";
  static final String DPO_DOUBLE_BETA_ARM = "dpo-2beta";
  /**
   * Every distillation arm, by the method name its runs are recorded under; arms added later come last, so that the
   * earlier ones run as before.
   */
  static final List<String> DISTILL_ARMS = List.of(DistillSpec.KD, DistillSpec.ALIGN_DISTIL, CONTRASTIVE_ARM,
      THEOREM_ARM, ON_POLICY_ARM, THEOREM_BETWEEN_ARM, KD_ON_POLICY_ARM);

  private AlignDistilBench() {}

  /** The bench's sizes; {@code steps}, each arm's step count, is a multiple of 4: arms are scored every quarter. */
  record Sizes(int seeds, int baseSteps, int pairs, int steps) {
    Sizes {
      if (steps % 4 != 0) {
        throw new IllegalArgumentException("--steps must be a multiple of 4 (arms are scored every quarter), got "
            + steps);
      }
    }
  }

  public static int run(String[] args) throws IOException {
    BenchOptions options = BenchOptions.parse(args, Set.of("seeds", "base-steps", "pairs", "steps"));
    Sizes sizes = new Sizes(options.positiveInt("seeds", 3), options.positiveInt("base-steps", 1500),
        options.positiveInt("pairs", 256), options.positiveInt("steps", 160));
    TorchRuntime.initialize();
    Device cpu = TorchRuntime.device("cpu");
    Path runDir = BenchRuns.directory("aligndistil");
    long started = System.nanoTime();

    PretrainSpec baseSpec = BenchModel.DEMO.spec(sizes.baseSteps(), sizes.baseSteps());
    Path base = BenchRuns.cachedBase(runDir, baseSpec);
    RewardEvaluation evaluation = new RewardEvaluation(new TaskPrompts("g-text", PROMPT_SEED), EVAL_PROMPTS,
        ModelFiles.header(base).tokenizer(), Rewards.of("sentiment"), MAX_NEW_TOKENS);
    List<Run> runs = new ArrayList<>();
    List<double[]> lambdas = new ArrayList<>();
    for (long s = 1; s <= sizes.seeds(); s++) {
      long seed = s;
      Map<String, Path> models =
          new HashMap<>(Map.of(DistillSpec.REFERENCE_ROLE, base, DistillSpec.STUDENT_ROLE, base));
      for (boolean reversed : List.of(false, true)) {
        String method = reversed ? "reverse-dpo" : "dpo";
        String role = reversed ? DistillSpec.REVERSE_DPO_ROLE : DistillSpec.DPO_ROLE;
        runs.add(preference(method, preferenceSpec(sizes, reversed, BETA, seed), base, runDir,
            model -> models.put(role, model)));
      }
      models.put(DistillSpec.teacherRole(0), models.get(DistillSpec.DPO_ROLE));
      for (String method : DISTILL_ARMS) {
        DistillSpec spec = distillSpec(method, sizes, seed);
        runs.add(timed(method, seed, recorder -> {
          try (PointerScope scope = new PointerScope()) {
            CheckpointRewards scored = new CheckpointRewards(recorder, ModelFiles.load(base, cpu).model(),
                ModelFiles.load(base, cpu).model(), evaluation, cpu);
            new DistillJob(spec, models, fresh(runDir, method, seed)).run(Optional.empty(), scored, StopSignal.NEVER);
          }
        }));
      }
      runs.add(preference(DPO_DOUBLE_BETA_ARM, preferenceSpec(sizes, false, DOUBLE_BETA, seed), base, runDir,
          model -> {}));
      lambdas.add(lambdas(models, runDir, cpu));
    }
    double minutes = (System.nanoTime() - started) / 60e9;
    String report = AlignDistilReport.markdown(args, sizes, baseSpec, preferenceSpec(sizes, false, BETA, 1),
        distillSpec(DistillSpec.ALIGN_DISTIL, sizes, 1), runs, lambdas, minutes);
    ResultsFile.write(OUTPUT, report);
    System.out.print(report);
    System.out.println("wrote " + OUTPUT.toAbsolutePath());
    return 0;
  }

  /** Trains {@code spec} from the base as a run of {@code method} and hands its model to {@code trained}. */
  private static Run preference(String method, PreferenceSpec spec, Path base, Path runDir, Consumer<Path> trained)
      throws IOException {
    return timed(method, spec.seed(), recorder -> trained.accept(new PreferenceJob(spec, Map.of("base", base),
        fresh(runDir, method, spec.seed())).run(Optional.empty(), recorder, StopSignal.NEVER).model()));
  }

  static PreferenceSpec preferenceSpec(Sizes sizes, boolean reversed, double beta, long seed) {
    PairsSpec pairs = new PairsSpec("sentiment", new PromptSpec(PROMPT_SEED, EVAL_PROMPTS), sizes.pairs(), 4,
        MAX_NEW_TOKENS, 1.0, null, reversed);
    int evalEvery = reversed ? sizes.steps() : sizes.steps() / 4;
    return new PreferenceSpec(BASE_ID, null, null, "dpo", beta, null, null, pairs, sizes.steps(), 16, LEARNING_RATE,
        1.0, evalEvery, sizes.steps(), seed, "cpu");
  }

  /**
   * The spec of one of {@link #DISTILL_ARMS}: KD towards the DPO model or AlignDistil, the student starting from the
   * base; a checkpoint every quarter. The on-policy arms sample 32-byte completions of G-text prompts of the
   * distillation data's generator and seed, the source the DPO pairs' prompts come from.
   */
  static DistillSpec distillSpec(String arm, Sizes sizes, long seed) {
    int steps = sizes.steps();
    OptimizationSpec training =
        new OptimizationSpec(steps, 16, LEARNING_RATE, steps / 10, 0.0, 1.0, steps, steps / 4, seed);
    return switch (arm) {
      case DistillSpec.KD -> kd(training);
      case DistillSpec.ALIGN_DISTIL -> alignDistil(REVERSE_DPO_ID, 1.0, DistillSpec.ADAPTIVE, null, training);
      case CONTRASTIVE_ARM ->
          alignDistil(REVERSE_DPO_ID, null, DistillSpec.CONTRASTIVE, CONTRASTIVE_LAMBDA, training);
      case THEOREM_ARM -> alignDistil(null, THEOREM_BETA2, DistillSpec.THEOREM, null, training);
      case ON_POLICY_ARM -> distillSpec(DistillSpec.ALIGN_DISTIL, sizes, seed).withOnPolicy(ON_POLICY);
      case THEOREM_BETWEEN_ARM -> alignDistil(null, DOUBLE_BETA, DistillSpec.THEOREM, null, training);
      case KD_ON_POLICY_ARM -> kd(training).withOnPolicy(ON_POLICY);
      default -> throw new IllegalArgumentException("unknown distillation arm " + arm);
    };
  }

  private static DistillSpec kd(OptimizationSpec training) {
    return new DistillSpec(DistillSpec.KD, List.of(DPO_ID), null, null, null, null, BASE_ID, null,
        DistillSpec.FORWARD_KL, null, 1.0, null, null, null, null, DISTILL_DATA, null, training, "cpu");
  }

  private static DistillSpec alignDistil(
      String reverseDpo, Double beta2, String composition, Double lambda, OptimizationSpec training) {
    return new DistillSpec(DistillSpec.ALIGN_DISTIL, null, null, DPO_ID, reverseDpo, BASE_ID, null, null, null, null,
        1.0, BETA, beta2, composition, lambda, DISTILL_DATA, null, training, "cpu");
  }

  /** λ_t of this seed's DPO pair on the first {@value #LAMBDA_WINDOWS} windows of the distillation data. */
  private static double[] lambdas(Map<String, Path> models, Path runDir, Device cpu) throws IOException {
    try (PointerScope scope = new PointerScope()) {
      Dataset data = Dataset.prepare(DISTILL_DATA, BenchModel.DEMO.model().contextLength(), runDir);
      Batch batch = Batch.of(data.train(), IntStream.range(0, LAMBDA_WINDOWS).toArray(), cpu);
      return AlignDistilLambdas.of(ModelFiles.load(models.get(DistillSpec.DPO_ROLE), cpu).model(),
          ModelFiles.load(models.get(DistillSpec.REVERSE_DPO_ROLE), cpu).model(), batch, 1.0);
    }
  }
}
