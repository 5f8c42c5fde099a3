package dev.pedigree.workers.bench;

import dev.pedigree.workers.bench.BenchRuns.Run;
import dev.pedigree.workers.engine.torch.TorchRuntime;
import dev.pedigree.workflows.spec.PreferenceSpec;
import dev.pedigree.workflows.spec.PretrainSpec;
import dev.pedigree.workflows.spec.RlSpec;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;

/** docs/results/rl.md from the runs of {@code bench rl}: means ± sample standard deviations over seeds. */
final class RlReport {
  /** The preference runs' labels, DPO first: the others are read against it. */
  private static final List<String> PREFERENCE_ARMS = List.of("dpo", "tdpo", "tgdpo", "rpo");

  private RlReport() {}

  static String markdown(String[] args, PretrainSpec base, RlSpec grpo, RlSpec gtpo, PreferenceSpec preference,
      List<Run> runs, int seeds, double minutes) {
    List<Run> grpoRuns = BenchRuns.byMethod(runs, "grpo");
    List<Run> gtpoRuns = BenchRuns.byMethod(runs, "gtpo");
    StringBuilder md = new StringBuilder();
    md.append("# RL fine-tuning and preference optimization on G-arith\n\n");
    md.append("Produced by:\n\n```\n").append(MachineInfo.threadEnvironment()).append("./pedigree bench rl").append(args.length == 0 ? "" : " " + String.join(" ", args))
        .append("\n```\n\n");
    md.append(String.format(Locale.ROOT,
        "Machine: %d CPUs (%s), libtorch intra-op threads %d, OMP_NUM_THREADS=%s, OPENBLAS_NUM_THREADS=%s; the whole "
            + "bench (base pretraining included unless cached) took %.1f minutes. "
            + "Numbers are mean ± sample standard deviation over %d seeds (the RL/preference seed; the base is shared).%n%n",
        Runtime.getRuntime().availableProcessors(), MachineInfo.cpuModel(), TorchRuntime.threads(),
        System.getenv("OMP_NUM_THREADS"), System.getenv("OPENBLAS_NUM_THREADS"), minutes, seeds));
    md.append("## Setup\n\n");
    md.append(String.format(Locale.ROOT,
        "- Base: byte-level GPT, %d layers, d=%d, %d heads, context %d, pretrained for %d steps (batch %d, lr %.0e) on "
            + "%d G-arith documents (seed %d), cached in `$PEDIGREE_HOME/bench/rl`.%n",
        base.model().layers(), base.model().dModel(), base.model().heads(), base.model().contextLength(),
        base.training().steps(), base.training().batchSize(), base.training().learningRate(), base.data().documents(),
        base.data().seed()));
    md.append(String.format(Locale.ROOT,
        "- Reward `arith-exact@1`: 1 for exactly ` <a>answer</a>` with the right answer, 0.1 for that form with a wrong "
            + "answer, 0 otherwise. Accuracy = greedy exact match on the first %d held-out prompts (validation indices "
            + "of the generator).%n", grpo.prompts().evalPrompts()));
    md.append(String.format(Locale.ROOT,
        "- RL: %d steps; per step %d prompts × group %d, temperature %.1f, up to %d new tokens, %d AdamW updates "
            + "(lr %.0e, no weight decay), clip ε %.2f. GRPO: KL β %.2f (k3) to the base. GTPO: conflict weight "
            + "%.1f on conflict tokens (each completion's runs of (position, token) pairs that completions of both "
            + "advantage signs share, from the start and from the end, as GTPO's code finds them), entropy threshold "
            + "%.2f nats, entropy shaping %.2f, no reference.%n",
        grpo.steps(), grpo.promptsPerStep(), grpo.groupSize(), grpo.temperature(), grpo.maxNewTokens(),
        grpo.updatesPerStep(), grpo.learningRate(), grpo.clipEpsilon(), grpo.klBeta(), gtpo.conflictWeight(),
        gtpo.entropyThreshold(), gtpo.entropyShaping()));
    md.append(String.format(Locale.ROOT,
        "- Preference: %d pairs sampled from the base (%d samples per prompt, best vs worst by the reward; ties give "
            + "no pair), %d steps of batch %d, lr %.0e, β %.2f; TDPO is TDPO2 with α 0.5; TGDPO uses α %.1f and that "
            + "seed's DPO model as guide; RPO is DPO plus %.1f × the chosen completions' negative log-likelihood per "
            + "token (TRL's `rpo_alpha`, spec `rpoAlpha`). KL = the policy's sampled sequences' mean "
            + "Σ log π − log π_base (temperature 1, same held-out prompts).%n%n",
        preference.pairs().count(), preference.pairs().samplesPerPrompt(), preference.steps(), preference.batchSize(),
        preference.learningRate(), preference.beta(), preference.alpha(), RlBench.RPO_ALPHA));

    md.append("## GRPO vs GTPO: held-out accuracy during training\n\n| step | GRPO | GTPO |\n|---:|---:|---:|\n");
    for (long step : new TreeSet<>(grpoRuns.get(0).metrics().keySet())) {
      if (!Double.isNaN(grpoRuns.get(0).at(step, "eval/accuracy"))) {
        md.append("| ").append(step).append(" | ")
            .append(Spread.of(grpoRuns, run -> run.at(step, "eval/accuracy")).format("%.3f")).append(" | ")
            .append(Spread.of(gtpoRuns, run -> run.at(step, "eval/accuracy")).format("%.3f")).append(" |\n");
      }
    }
    md.append("\n## GRPO vs GTPO: final\n\n")
        .append("| method | accuracy | greedy reward | rollout reward (last 10 steps) | rollout entropy (last 10) "
            + "| KL to base (k3, last 10) | conflict tokens / step | dropped completions / step | seconds / run |\n")
        .append("|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    for (List<Run> method : List.of(grpoRuns, gtpoRuns)) {
      md.append("| ").append(method.get(0).method().toUpperCase(Locale.ROOT)).append(" | ")
          .append(Spread.of(method, run -> run.at(run.lastStep(), "eval/accuracy")).format("%.3f")).append(" | ")
          .append(Spread.of(method, run -> run.at(run.lastStep(), "eval/reward")).format("%.3f")).append(" | ")
          .append(Spread.of(method, run -> run.lastMean("rl/reward_mean", 10)).format("%.3f")).append(" | ")
          .append(Spread.of(method, run -> run.lastMean("rl/entropy", 10)).format("%.3f")).append(" | ")
          .append(Spread.of(method, run -> run.lastMean("rl/kl", 10)).format("%.4f")).append(" | ")
          .append(Spread.of(method, run -> run.lastMean("rl/conflict_tokens", Integer.MAX_VALUE)).format("%.1f"))
          .append(" | ")
          .append(Spread.of(method, run -> run.lastMean("rl/dropped_completions", Integer.MAX_VALUE)).format("%.1f"))
          .append(" | ").append(Spread.of(method, Run::seconds).format("%.0f")).append(" |\n");
    }

    List<Run> dpo = BenchRuns.byMethod(runs, "dpo");
    md.append("\n## DPO vs TDPO vs TGDPO vs RPO: reward and KL\n\n")
        .append("| model | accuracy | greedy reward | sampled reward | KL to base (nats/sequence) "
            + "| train pair accuracy (last 10) | train margin β·Δ (last 10) | seconds / run |\n")
        .append("|---|---:|---:|---:|---:|---:|---:|---:|\n");
    md.append("| base | ").append(Spread.of(dpo, run -> run.at(0, "eval/accuracy")).format("%.3f")).append(" | ")
        .append(Spread.of(dpo, run -> run.at(0, "eval/reward")).format("%.3f")).append(" | ")
        .append(Spread.of(dpo, run -> run.at(0, "eval/sampled_reward")).format("%.3f")).append(" | 0 | | | |\n");
    for (String name : PREFERENCE_ARMS) {
      List<Run> method = BenchRuns.byMethod(runs, name);
      md.append("| ").append(name.toUpperCase(Locale.ROOT)).append(" | ")
          .append(Spread.of(method, run -> run.at(run.lastStep(), "eval/accuracy")).format("%.3f")).append(" | ")
          .append(Spread.of(method, run -> run.at(run.lastStep(), "eval/reward")).format("%.3f")).append(" | ")
          .append(Spread.of(method, run -> run.at(run.lastStep(), "eval/sampled_reward")).format("%.3f")).append(" | ")
          .append(Spread.of(method, run -> run.at(run.lastStep(), "eval/kl")).format("%.2f")).append(" | ")
          .append(Spread.of(method, run -> run.lastMean("pref/accuracy", 10)).format("%.3f")).append(" | ")
          .append(Spread.of(method, run -> run.lastMean("pref/reward_margin", 10)).format("%.3f")).append(" | ")
          .append(Spread.of(method, Run::seconds).format("%.0f")).append(" |\n");
    }

    md.append("\n## DPO vs TDPO vs TGDPO vs RPO: training pairs and log-probabilities\n\n")
        .append("The pairs (the same for every method of a seed): ")
        .append(Spread.of(dpo, run -> run.at(0, "pref/pairs")).format("%.0f")).append(" pairs, ")
        .append(Spread.of(dpo, run -> run.at(0, "pref/pairs_chosen_solved")).format("%.3f"))
        .append(" of them with a correct chosen answer; mean reward of the chosen completions ")
        .append(Spread.of(dpo, run -> run.at(0, "pref/pairs_chosen_score")).format("%.3f"))
        .append(", of the rejected ")
        .append(Spread.of(dpo, run -> run.at(0, "pref/pairs_rejected_score")).format("%.3f")).append(".\n\n")
        .append("Training batches, last 10 steps (TRL DPOTrainer's rewards/chosen, rewards/rejected, logps/chosen, "
            + "logps/rejected): a side's reward is β × its mean Σ (log π − log π_base), its log-prob the mean "
            + "Σ log π of its completions.\n\n")
        .append("| model | chosen reward | rejected reward | chosen log-prob | rejected log-prob |\n")
        .append("|---|---:|---:|---:|---:|\n");
    for (String name : PREFERENCE_ARMS) {
      List<Run> method = BenchRuns.byMethod(runs, name);
      md.append("| ").append(name.toUpperCase(Locale.ROOT));
      for (String key : List.of("pref/chosen_reward", "pref/rejected_reward", "pref/chosen_logp",
          "pref/rejected_logp")) {
        md.append(" | ").append(Spread.of(method, run -> run.lastMean(key, 10)).format("%.3f"));
      }
      md.append(" |\n");
    }

    md.append("\n## Reading (computed from the tables above)\n\n");
    Spread grpoAccuracy = Spread.of(grpoRuns, run -> run.at(run.lastStep(), "eval/accuracy"));
    Spread gtpoAccuracy = Spread.of(gtpoRuns, run -> run.at(run.lastStep(), "eval/accuracy"));
    Spread baseAccuracy = Spread.of(grpoRuns, run -> run.at(0, "eval/accuracy"));
    md.append("- GRPO vs the base, final accuracy: ").append(grpoAccuracy.versus(baseAccuracy, true)).append(".\n");
    md.append("- GTPO vs the base, final accuracy: ").append(gtpoAccuracy.versus(baseAccuracy, true)).append(".\n");
    md.append("- GTPO vs GRPO, final accuracy: ").append(gtpoAccuracy.versus(grpoAccuracy, true)).append(".\n");
    md.append("- GTPO vs GRPO, seconds per run: ").append(Spread.of(gtpoRuns, Run::seconds)
        .versus(Spread.of(grpoRuns, Run::seconds), false)).append(" (GTPO has no reference forward pass).\n");
    for (String name : PREFERENCE_ARMS.subList(1, PREFERENCE_ARMS.size())) {
      List<Run> method = BenchRuns.byMethod(runs, name);
      md.append("- ").append(name.toUpperCase(Locale.ROOT)).append(" vs DPO, sampled reward: ")
          .append(Spread.of(method, run -> run.at(run.lastStep(), "eval/sampled_reward"))
              .versus(Spread.of(dpo, run -> run.at(run.lastStep(), "eval/sampled_reward")), true))
          .append("; KL to base: ")
          .append(Spread.of(method, run -> run.at(run.lastStep(), "eval/kl"))
              .versus(Spread.of(dpo, run -> run.at(run.lastStep(), "eval/kl")), false))
          .append(" (lower KL counts as better).\n");
    }
    Spread rpoAccuracy = Spread.of(BenchRuns.byMethod(runs, "rpo"), run -> run.at(run.lastStep(), "eval/accuracy"));
    md.append("- RPO vs DPO, final accuracy: ")
        .append(rpoAccuracy.versus(Spread.of(dpo, run -> run.at(run.lastStep(), "eval/accuracy")), true))
        .append("; vs the base: ").append(rpoAccuracy.versus(baseAccuracy, true)).append(".\n");
    return md.toString();
  }
}
