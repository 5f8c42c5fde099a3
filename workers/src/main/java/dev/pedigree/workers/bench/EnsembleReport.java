package dev.pedigree.workers.bench;

import dev.pedigree.workers.bench.EnsembleEvaluation.Outcome;
import dev.pedigree.workers.engine.data.GArithGenerator;
import dev.pedigree.workers.engine.sampling.EnsembleWeighting;
import dev.pedigree.workers.engine.torch.TorchRuntime;
import dev.pedigree.workflows.spec.PretrainSpec;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/** docs/results/ensemble.md from {@code bench ensemble}: means ± sample standard deviations over seeds. */
final class EnsembleReport {
  private EnsembleReport() {}

  static String markdown(String[] args, PretrainSpec member, int problems, List<Outcome> outcomes, double minutes) {
    StringBuilder md = new StringBuilder();
    md.append("# Output-space ensembles on G-arith: uniform probability averaging vs CoRE, with a corrupted "
        + "member\n\n");
    md.append("Produced by:\n\n```\n").append(MachineInfo.threadEnvironment()).append("./pedigree bench ensemble")
        .append(args.length == 0 ? "" : " " + String.join(" ", args)).append("\n```\n\n");
    md.append(String.format(Locale.ROOT,
        "Machine: %d CPUs (%s), libtorch intra-op threads %d; the whole bench (training included unless cached) "
            + "took %.1f minutes. Numbers are mean ± sample standard deviation over %d seeds (each seed its own "
            + "members, training data and held-out problems), with each seed's value in brackets.%n%n",
        Runtime.getRuntime().availableProcessors(), MachineInfo.cpuModel(), TorchRuntime.threads(), minutes,
        outcomes.size()));
    md.append("Everything above the Discussion section is written by the benchmark; a rerun replaces it.\n\n");
    md.append("## Setup\n\n");
    md.append(String.format(Locale.ROOT,
        "- Data: G-arith with operators %s only (`Q: 37+48 = <a>85</a>`, numbers up to 3 digits, %.0f%% "
            + "carry-heavy), %d training documents per member, each member its own generator seed.%n",
        String.join(", ", EnsembleBench.OPERATIONS.stream().map(operation -> "`" + operation.symbol() + "`").toList()),
        100 * GArithGenerator.DEFAULT_CARRY_HEAVY_SHARE, EnsembleBench.DOCUMENTS));
    md.append(String.format(Locale.ROOT,
        "- Members: %d clean models per seed, byte-level GPT, %d layers, d=%d, %d heads, context %d, %s positions, "
            + "%d steps (batch %d, lr %.0e), differing only in their seeds (initialisation, data, order). The "
            + "corrupted member: the same recipe on data where %.0f%% of the answers are another problem's answer. "
            + "Cached in `$PEDIGREE_HOME/bench/ensemble`.%n",
        EnsembleBench.MEMBERS, member.model().layers(), member.model().dModel(), member.model().heads(),
        member.model().contextLength(), member.model().positions(), member.training().steps(),
        member.training().batchSize(), member.training().learningRate(), 100 * EnsembleBench.LABEL_NOISE));
    md.append(String.format(Locale.ROOT,
        "- Evaluation: greedy exact match of ` <a>answer</a>` on %d problems from a generator seed no member trained "
            + "on (small problems can repeat training ones), up to %d new tokens. Ensembles decode greedily over the "
            + "combined next-token distribution, every member with its own KV cache.%n",
        problems, EnsembleEvaluation.MAX_NEW_TOKENS));
    md.append(String.format(Locale.ROOT,
        "- Arms: best single model (the best clean member by its accuracy on these same problems, so an optimistic "
            + "baseline); uniform: the mean of the members' distributions; CoRE: token consistency "
            + "s_k = (e^{−β|p_k − p*|} − e^{−β}) / (1 − e^{−β}) against the mean p*, member weights ∝ Σ_v s_k(v) / "
            + "H(p_k), score Σ_k w_k s_k p_k (β = %.0f). Both cut each member to its top %d tokens first, as "
            + "CoRE's code does.%n%n",
        EnsembleWeighting.DEFAULT_BETA, EnsembleWeighting.DEFAULT_TOP_K));

    md.append("## Single models\n\n| model | accuracy [per seed] |\n|---|---:|\n");
    md.append("| clean members, mean of ").append(EnsembleBench.MEMBERS).append(" | ")
        .append(spread(outcomes, Outcome::meanClean)).append(" |\n");
    md.append("| best clean member | ").append(spread(outcomes, Outcome::bestClean)).append(" |\n");
    md.append("| corrupted member | ").append(spread(outcomes, Outcome::corrupted)).append(" |\n");

    md.append("\n## Ensembles\n\n")
        .append("| arm | ").append(EnsembleBench.MEMBERS).append(" clean members | ")
        .append(EnsembleBench.MEMBERS).append(" clean + the corrupted one | change |\n|---|---:|---:|---:|\n");
    md.append("| best single model | ").append(spread(outcomes, Outcome::bestClean)).append(" | ")
        .append(spread(outcomes, Outcome::bestOfAll)).append(" | ")
        .append(change(outcomes, Outcome::bestClean, Outcome::bestOfAll)).append(" |\n");
    for (String weighting : List.of("uniform", "CoRE")) {
      ToDoubleFunction<Outcome> clean = o -> o.ensembles().get(weighting);
      ToDoubleFunction<Outcome> withCorrupted = o -> o.ensembles().get(weighting + " + corrupted");
      md.append("| ").append(weighting).append(" | ").append(spread(outcomes, clean)).append(" | ")
          .append(spread(outcomes, withCorrupted)).append(" | ")
          .append(change(outcomes, clean, withCorrupted)).append(" |\n");
    }
    md.append("\nCoRE's weight on the corrupted member (uniform gives it 1/")
        .append(EnsembleBench.MEMBERS + 1).append("), per generated token, averaged over tokens then problems: ")
        .append(spread(outcomes, Outcome::corruptedWeight)).append(".\n");

    md.append("\n## Reading (computed from the tables above)\n\n")
        .append("Seeds differ more from each other than the arms do, so arms are compared seed by seed: the difference "
            + "per seed, its mean ± sd, and on how many seeds the first arm is ahead.\n\n");
    ToDoubleFunction<Outcome> uniform = o -> o.ensembles().get("uniform");
    ToDoubleFunction<Outcome> core = o -> o.ensembles().get("CoRE");
    ToDoubleFunction<Outcome> uniformCorrupted = o -> o.ensembles().get("uniform + corrupted");
    ToDoubleFunction<Outcome> coreCorrupted = o -> o.ensembles().get("CoRE + corrupted");
    md.append("- uniform − best single model, clean members: ").append(paired(outcomes, uniform, Outcome::bestClean))
        .append(".\n");
    md.append("- CoRE − best single model, clean members: ").append(paired(outcomes, core, Outcome::bestClean))
        .append(".\n");
    md.append("- CoRE − uniform, clean members: ").append(paired(outcomes, core, uniform)).append(".\n");
    md.append("- CoRE − uniform, with the corrupted member: ").append(paired(outcomes, coreCorrupted, uniformCorrupted))
        .append(".\n");
    md.append("- CoRE's change from adding the corrupted member − uniform's: ")
        .append(paired(outcomes, o -> coreCorrupted.applyAsDouble(o) - core.applyAsDouble(o),
            o -> uniformCorrupted.applyAsDouble(o) - uniform.applyAsDouble(o)))
        .append(" (ahead = CoRE loses less).\n\n");
    return md.toString();
  }

  /** The per-seed difference {@code after − before}, mean ± sd. */
  private static String change(
      List<Outcome> outcomes, ToDoubleFunction<Outcome> before, ToDoubleFunction<Outcome> after) {
    return Spread.of(values(outcomes, o -> after.applyAsDouble(o) - before.applyAsDouble(o))).formatSigned();
  }

  /** {@code a − b} per seed, and on how many seeds {@code a} is ahead. */
  private static String paired(List<Outcome> outcomes, ToDoubleFunction<Outcome> a, ToDoubleFunction<Outcome> b) {
    return Spread.of(values(outcomes, o -> a.applyAsDouble(o) - b.applyAsDouble(o))).formatAhead();
  }

  private static String spread(List<Outcome> outcomes, ToDoubleFunction<Outcome> value) {
    return Spread.of(values(outcomes, value)).formatWithSeeds("%.4f");
  }

  private static double[] values(List<Outcome> outcomes, ToDoubleFunction<Outcome> value) {
    return outcomes.stream().mapToDouble(value).toArray();
  }
}
