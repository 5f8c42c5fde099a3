package dev.pedigree.workers.bench;

import dev.pedigree.workers.bench.AlignDistilBench.Sizes;
import dev.pedigree.workers.bench.BenchRuns.Run;
import dev.pedigree.workers.engine.torch.TorchRuntime;
import dev.pedigree.workflows.spec.DistillSpec;
import dev.pedigree.workflows.spec.PreferenceSpec;
import dev.pedigree.workflows.spec.PretrainSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** docs/results/aligndistil.md from the runs of {@code bench aligndistil}: means ± sample sd over seeds, per seed. */
final class AlignDistilReport {
  private static final String REWARD = "eval/sampled_reward";
  private static final String KL = "eval/kl";
  /** λ_t below this counts as at the floor (1e-3): the DPO and reverse-DPO models agree there. */
  private static final double NEAR_FLOOR = 2e-3;

  private AlignDistilReport() {}

  /** One column of the result tables: the runs of one method, under the names the doc gives it. */
  private record Arm(String name, String column, List<Run> runs) {
    Spread at(long step, String key) {
      return Spread.of(runs, run -> run.at(step, key));
    }

    Spread last(String key) {
      return Spread.of(runs, run -> run.at(run.lastStep(), key));
    }
  }

  static String markdown(String[] args, Sizes sizes, PretrainSpec base, PreferenceSpec dpo, DistillSpec alignDistil,
      List<Run> runs, List<double[]> lambdas, double minutes) {
    Arm dpoArm = new Arm("DPO", "DPO", BenchRuns.byMethod(runs, "dpo"));
    Arm reverse = new Arm("reverse DPO", "reverse DPO", BenchRuns.byMethod(runs, "reverse-dpo"));
    Arm kd = new Arm("KD → DPO (forward KL)", "KD", BenchRuns.byMethod(runs, DistillSpec.KD));
    Arm aligned = new Arm("AlignDistil (token-adaptive λ_t)", "AlignDistil",
        BenchRuns.byMethod(runs, DistillSpec.ALIGN_DISTIL));
    Arm contrastive = new Arm(
        String.format(Locale.ROOT, "AlignDistil contrastive (fixed λ = %.2f)", AlignDistilBench.CONTRASTIVE_LAMBDA),
        "contrastive", BenchRuns.byMethod(runs, AlignDistilBench.CONTRASTIVE_ARM));
    Arm theorem = theorem(runs, AlignDistilBench.THEOREM_ARM, AlignDistilBench.THEOREM_BETA2, "theorem");
    Arm onPolicy = new Arm("AlignDistil on-policy (token-adaptive λ_t)", "on-policy",
        BenchRuns.byMethod(runs, AlignDistilBench.ON_POLICY_ARM));
    Arm theoremBetween =
        theorem(runs, AlignDistilBench.THEOREM_BETWEEN_ARM, AlignDistilBench.DOUBLE_BETA, "theorem 2β");
    Arm kdOnPolicy = new Arm("KD → DPO on-policy (forward KL)", "KD on-policy",
        BenchRuns.byMethod(runs, AlignDistilBench.KD_ON_POLICY_ARM));
    List<Arm> distilled = List.of(kd, aligned, contrastive, theorem, onPolicy, theoremBetween, kdOnPolicy);
    Arm dpoDoubleBeta = new Arm(String.format(Locale.ROOT, "DPO (β = %.2f)", AlignDistilBench.DOUBLE_BETA), "DPO 2β",
        BenchRuns.byMethod(runs, AlignDistilBench.DPO_DOUBLE_BETA_ARM));
    int steps = sizes.steps();
    StringBuilder md = new StringBuilder();
    md.append("# AlignDistil on the sentiment task\n\n");
    md.append("Produced by:\n\n```\n./pedigree bench aligndistil")
        .append(args.length == 0 ? "" : " " + String.join(" ", args)).append("\n```\n\n");
    md.append(String.format(Locale.ROOT,
        "Machine: %d CPUs (%s), libtorch intra-op threads %d, OMP_NUM_THREADS=%s, OPENBLAS_NUM_THREADS=%s, load "
            + "average at the end %s; the whole bench (base pretraining included unless cached) took %.1f minutes. "
            + "Numbers are mean ± sample standard deviation over %d seeds, per-seed values in brackets (seed 1, 2, …; "
            + "the seed sets the pairs, the data order and the sampling of each run; the base is shared).%n%n",
        Runtime.getRuntime().availableProcessors(), MachineInfo.cpuModel(), TorchRuntime.threads(),
        System.getenv("OMP_NUM_THREADS"), System.getenv("OPENBLAS_NUM_THREADS"), MachineInfo.loadAverage(), minutes,
        sizes.seeds()));
    setup(md, sizes, base, dpo, alignDistil);

    md.append("## Final reward and KL to the base\n\n")
        .append("| model | sampled reward | KL to base (nats/sequence) | seconds / run |\n|---|---|---|---:|\n");
    md.append("| base | ").append(dpoArm.at(0, REWARD).formatWithSeeds("%.3f")).append(" | 0 | |\n");
    List<Arm> listed = new ArrayList<>(List.of(dpoArm, reverse));
    listed.addAll(distilled);
    listed.add(dpoDoubleBeta);
    for (Arm arm : listed) {
      md.append("| ").append(arm.name()).append(" | ").append(arm.last(REWARD).formatWithSeeds("%.3f")).append(" | ")
          .append(arm.last(KL).formatWithSeeds("%.2f")).append(" | ")
          .append(Spread.of(arm.runs(), Run::seconds).format("%.0f")).append(" |\n");
    }
    md.append(String.format(Locale.ROOT, "%nPairs per seed: %s; DPO's training pair accuracy over its last 10 steps "
            + "%s, reverse DPO's (on the swapped pairs) %s.%n%n",
        Spread.of(dpoArm.runs(), run -> run.at(0, "pref/pairs")).formatWithSeeds("%.0f"),
        Spread.of(dpoArm.runs(), run -> run.lastMean("pref/accuracy", 10)).format("%.3f"),
        Spread.of(reverse.runs(), run -> run.lastMean("pref/accuracy", 10)).format("%.3f")));

    md.append("## Reward and KL during training\n\n")
        .append("Each arm scored after every quarter of its steps (step 0 is the base for all of them).\n\n")
        .append("| step");
    List<Arm> trained = new ArrayList<>(List.of(dpoArm));
    trained.addAll(distilled);
    trained.add(dpoDoubleBeta);
    for (Arm arm : trained) {
      md.append(" | ").append(arm.column()).append(" reward | ").append(arm.column()).append(" KL");
    }
    md.append(" |\n|---:").append("|---:|---:".repeat(trained.size())).append("|\n");
    for (int quarter = 0; quarter <= 4; quarter++) {
      long step = (long) steps * quarter / 4;
      md.append("| ").append(step);
      for (Arm arm : trained) {
        Arm source = step == 0 ? dpoArm : arm;
        md.append(" | ").append(source.at(step, REWARD).format("%.3f")).append(" | ")
            .append(step == 0 ? "0" : source.at(step, KL).format("%.2f"));
      }
      md.append(" |\n");
    }

    md.append("\n## λ_t\n\n").append(String.format(Locale.ROOT, "λ_t = β₂·TV(π_DPO, π_rDPO)_t + 1e-3 on every token "
        + "of the first %d training windows of the distillation data (%d tokens per seed), from that seed's two DPO "
        + "models; \"at floor\" = λ_t < %.0e. The last two columns are the runs' own per-step metric "
        + "`distill/lambda_mean`, averaged over their steps: the adaptive arm's on the data windows, the on-policy "
        + "arm's on its samples.%n%n", AlignDistilBench.LAMBDA_WINDOWS, lambdas.get(0).length, NEAR_FLOOR));
    md.append("| seed | mean | p10 | p50 | p90 | p99 | max | share at floor | training mean "
        + "| on-policy training mean |\n")
        .append("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    for (int i = 0; i < lambdas.size(); i++) {
      double[] values = lambdas.get(i);
      md.append(String.format(Locale.ROOT, "| %d | %.4f | %.4f | %.4f | %.4f | %.4f | %.4f | %.3f | %.4f | %.4f |%n",
          i + 1,
          Arrays.stream(values).average().orElseThrow(), Stats.percentile(values, 10), Stats.percentile(values, 50),
          Stats.percentile(values, 90), Stats.percentile(values, 99), Stats.percentile(values, 100),
          Arrays.stream(values).filter(value -> value < NEAR_FLOOR).count() / (double) values.length,
          aligned.runs().get(i).lastMean("distill/lambda_mean", Integer.MAX_VALUE),
          onPolicy.runs().get(i).lastMean("distill/lambda_mean", Integer.MAX_VALUE)));
    }

    reading(md, dpoArm, reverse, distilled, steps);
    doubleBetaReading(md, dpoArm, dpoDoubleBeta, theoremBetween, steps);
    return md.toString();
  }

  private static Arm theorem(List<Run> runs, String method, double beta2, String column) {
    return new Arm(String.format(Locale.ROOT, "AlignDistil theorem (β₂ = %.4f)", beta2), column,
        BenchRuns.byMethod(runs, method));
  }

  private static void setup(StringBuilder md, Sizes sizes, PretrainSpec base, PreferenceSpec dpo,
      DistillSpec alignDistil) {
    md.append("## Setup\n\n");
    md.append(String.format(Locale.ROOT,
        "- Base: byte-level GPT, %d layers, d=%d, %d heads, context %d, pretrained for %d steps (batch %d, lr %.0e) "
            + "on %d G-text documents (seed %d), cached in `$PEDIGREE_HOME/bench/aligndistil`.%n",
        base.model().layers(), base.model().dModel(), base.model().heads(), base.model().contextLength(),
        base.training().steps(), base.training().batchSize(), base.training().learningRate(),
        base.data().documents(), base.data().seed()));
    md.append(String.format(Locale.ROOT,
        "- Task (METHODS.md §3.2): prompt = the first 3 words of a G-text document; reward `sentiment@1` = positive "
            + "minus negative lexicon words in the continuation (at most %d bytes, ending at a newline). Sampled "
            + "reward = mean over the first %d held-out prompts of one temperature-1 sample each, from a fixed "
            + "sampling stream; KL = the mean over those samples of Σ log π − log π_base (nats per sequence).%n",
        dpo.pairs().maxNewTokens(), dpo.pairs().prompts().evalPrompts()));
    md.append(String.format(Locale.ROOT,
        "- Pairs: %d per seed, sampled from the base (%d samples per training prompt, temperature %.1f; best vs "
            + "worst by the reward, ties give no pair). DPO: %d steps of %d pairs, lr %.0e (constant), β %.2f. "
            + "Reverse DPO: the same spec and pairs with `pairs.reversed: true` (chosen and rejected swapped). DPO "
            + "with β = %.2f (2β): the same spec and pairs with only β doubled, the optimum the theorem teacher with "
            + "β₂ = 2β targets.%n",
        dpo.pairs().count(), dpo.pairs().samplesPerPrompt(), dpo.pairs().temperature(), dpo.steps(),
        dpo.batchSize(), dpo.learningRate(), dpo.beta(), AlignDistilBench.DOUBLE_BETA));
    md.append(String.format(Locale.ROOT,
        "- Distillation, student = a copy of the base, off-policy on G-text windows (%d documents, seed %d, "
            + "context %d; not the pairs, not samples): %d steps of %d windows, lr %.0e with %d warmup steps and "
            + "cosine decay, no weight decay, clip %.1f. KD: T²·KL(π_DPO ‖ π_student), T=1. AlignDistil: "
            + "λ_t = β₂·TV(π_DPO, π_rDPO)_t + 1e-3 (β₂ = %.1f), z*_t = z_DPO + λ_t·(z_DPO − z_rDPO), per-token loss "
            + "(β/λ_t)·KL(π_student ‖ softmax(z*_t)) with β = %.2f.%n",
        alignDistil.data().documents(), alignDistil.data().seed(), base.model().contextLength(), sizes.steps(),
        alignDistil.training().batchSize(), alignDistil.training().learningRate(),
        alignDistil.training().warmupSteps(), alignDistil.training().gradClip(), alignDistil.beta2(),
        alignDistil.beta()));
    md.append(String.format(Locale.ROOT,
        "- The other AlignDistil arms, same training and β: contrastive, z* = z_DPO + λ·(z_DPO − z_rDPO) with a fixed "
            + "λ = %.2f (the λ_t medians of the first run of this bench, 0.42, 0.46 and 0.34, rounded), loss "
            + "(β/λ)·KL; theorem, z* = (β/β₂)·z_DPO + (1 − β/β₂)·z_base with β₂ = β/(1 + λ) = %.4f, i.e. the DPO "
            + "logits extrapolated by the same λ away from the base instead of the reverse-DPO model, loss "
            + "β₂·KL (the reference code's scale); theorem with β₂ = 2β = %.4f, z* = 0.5·z_DPO + 0.5·z_base, a "
            + "teacher halfway between the base and the DPO model; on-policy, the token-adaptive arm on %d "
            + "completions per step that the student samples itself (temperature %.1f, at most %d bytes, ending at a "
            + "newline) of G-text training prompts of the distillation data's generator and seed (the first 3 words of "
            + "a document, the source of the DPO pairs' prompts), the loss on the sampled tokens only; KD on-policy, "
            + "the KD arm on such samples, with the same settings.%n",
        AlignDistilBench.CONTRASTIVE_LAMBDA, AlignDistilBench.THEOREM_BETA2, AlignDistilBench.DOUBLE_BETA,
        alignDistil.training().batchSize(), AlignDistilBench.ON_POLICY_TEMPERATURE, AlignDistilBench.MAX_NEW_TOKENS));
    md.append("- A step is not the same work in both kinds: a DPO step scores 16 pairs (32 sequences of a prompt and "
        + "at most 32 sampled bytes, each through the policy and the reference); an off-policy distillation step "
        + "reads 16 windows of 64 bytes through the student and its frozen models; an on-policy step first samples "
        + "16 completions from the student, then scores them. \"Fewer steps\" below compares step counts only.\n");
    md.append("- Not run: the on-policy variants of contrastive and theorem (the distill kind has them, `onPolicy` "
        + "with any composition; only KD and the adaptive arm ran on-policy, to keep the bench short); the DPO model's "
        + "logits mixed with the base's without training (the scoring samples from one model's weights, with its KV "
        + "cache, not from a function of two models' logits).\n\n");
  }

  /** {@code distilled}: KD first, then the adaptive AlignDistil arm, then the other distillation arms. */
  private static void reading(StringBuilder md, Arm dpo, Arm reverse, List<Arm> distilled, int steps) {
    Arm kd = distilled.get(0);
    Arm aligned = distilled.get(1);
    Spread baseReward = dpo.at(0, REWARD);
    md.append("\n## Reading (computed from the tables above)\n\n");
    md.append("- DPO vs the base, sampled reward: ").append(dpo.last(REWARD).versus(baseReward, true)).append(".\n");
    md.append("- Reverse DPO vs the base, sampled reward: ").append(reverse.last(REWARD).versus(baseReward, true))
        .append(" (reverse DPO should lower it: it learns to prefer the rejected completions).\n");
    for (Arm arm : distilled) {
      versus(md, arm, dpo);
    }
    md.append("- AlignDistil vs KD, final sampled reward: ").append(aligned.last(REWARD).versus(kd.last(REWARD), true))
        .append(".\n");
    md.append("- Steps to reach DPO's final reward (that seed's DPO after ").append(steps)
        .append(" steps), per seed: ");
    List<Arm> reaching = new ArrayList<>(distilled.subList(1, distilled.size()));
    reaching.addAll(List.of(kd, dpo));
    for (Arm arm : reaching) {
      md.append(arm == aligned ? "" : "; ").append(arm.name()).append(" ")
          .append(stepsToReach(arm.runs(), dpo.runs(), steps));
    }
    md.append(".\n");
    for (Arm arm : reaching.subList(0, reaching.size() - 1)) {
      alongCurve(md, arm, dpo, steps);
    }
  }

  /**
   * The control for the theorem teacher at β₂ = 2β: DPO trained with 2β, against DPO and against that teacher's
   * student, by final values and along each other's KL–reward curve.
   */
  private static void doubleBetaReading(StringBuilder md, Arm dpo, Arm dpoDoubleBeta, Arm theoremBetween,
      int steps) {
    versus(md, dpoDoubleBeta, dpo);
    alongCurve(md, dpoDoubleBeta, dpo, steps);
    versus(md, theoremBetween, dpoDoubleBeta);
    alongCurve(md, theoremBetween, dpoDoubleBeta, steps);
  }

  private static void versus(StringBuilder md, Arm arm, Arm against) {
    md.append("- ").append(arm.name()).append(" vs ").append(against.name()).append(", final sampled reward: ")
        .append(arm.last(REWARD).versus(against.last(REWARD), true)).append("; KL to base: ")
        .append(arm.last(KL).versus(against.last(KL), false)).append(" (lower KL counts as better).\n");
  }

  /** {@code arm}'s mean reward at each quarter against {@code curve}'s reward at the same KL. */
  private static void alongCurve(StringBuilder md, Arm arm, Arm curve, int steps) {
    md.append("- ").append(arm.name()).append(" at ").append(curve.name()).append("'s KL (means; ")
        .append(curve.name()).append("'s reward interpolated linearly along its own KL–reward points above):");
    for (int quarter = 1; quarter <= 4; quarter++) {
      long step = (long) steps * quarter / 4;
      double kl = arm.at(step, KL).mean();
      double reward = arm.at(step, REWARD).mean();
      md.append(String.format(Locale.ROOT, "%s step %d: %.3f at KL %.2f vs %s %s", quarter == 1 ? "" : ";", step,
          reward, kl, curve.name(), rewardAlong(curve, kl, reward, steps)));
    }
    md.append(".\n");
  }

  /**
   * {@code curve}'s mean reward at mean KL {@code kl}, linearly between its scored steps (step 0 is the base's);
   * past its largest KL, whether a model with {@code reward} there is dominated by the curve's last point (less reward
   * for more KL).
   */
  private static String rewardAlong(Arm curve, double kl, double reward, int steps) {
    double previousKl = 0;
    double previousReward = curve.at(0, REWARD).mean();
    for (int quarter = 1; quarter <= 4; quarter++) {
      long step = (long) steps * quarter / 4;
      double nextKl = curve.at(step, KL).mean();
      double nextReward = curve.at(step, REWARD).mean();
      if (kl >= previousKl && kl <= nextKl) {
        double share = nextKl > previousKl ? (kl - previousKl) / (nextKl - previousKl) : 1;
        return String.format(Locale.ROOT, "%.3f", previousReward + share * (nextReward - previousReward));
      }
      previousKl = nextKl;
      previousReward = nextReward;
    }
    return String.format(Locale.ROOT, reward < previousReward ? "%.3f at less KL (%.2f), which dominates"
        : "n/a (past %3$s's largest KL, %2$.2f, where it has %1$.3f)", previousReward, previousKl, curve.name());
  }

  /** Per seed, the first scored step at which the run's reward reaches that seed's final DPO reward. */
  private static String stepsToReach(List<Run> runs, List<Run> dpo, int steps) {
    StringBuilder text = new StringBuilder("[");
    for (int i = 0; i < runs.size(); i++) {
      Run run = runs.get(i);
      double target = dpo.get(i).at(dpo.get(i).lastStep(), REWARD);
      String reached = "not within " + steps;
      for (int quarter = 1; quarter <= 4; quarter++) {
        long step = (long) steps * quarter / 4;
        if (run.at(step, REWARD) >= target) {
          reached = Long.toString(step);
          break;
        }
      }
      text.append(i == 0 ? "" : ", ").append(reached);
    }
    return text.append("]").toString();
  }
}
