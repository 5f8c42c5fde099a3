package dev.pedigree.workers.bench;

import dev.pedigree.workers.bench.TransplantBench.Arm;
import dev.pedigree.workers.bench.TransplantBench.Overlap;
import dev.pedigree.workers.bench.TransplantBench.Result;
import dev.pedigree.workers.engine.torch.TorchRuntime;
import dev.pedigree.workers.engine.transplant.TokenizerTransplant;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/** docs/results/tokenizer.md above its Discussion: the command, the setup and the table, as the runs produced them. */
final class TransplantReport {
  private TransplantReport() {}

  /** @param results per arm of {@link TransplantBench#ARMS}, per seed in seed order */
  static String markdown(String command, int baseSteps, int donorSteps, int tuneSteps, int seeds, double minutes, Overlap overlap,
      List<List<Result>> results) {
    StringBuilder md = new StringBuilder();
    md.append("# Tokenizer transplant: OMP and TokenAdapt against mean, zero and subword-mean init"
        + " (METHODS.md §2.7, §3.5)\n\n");
    md.append("Written by `").append(command).append("`; everything above the Discussion is the bench's output.\n\n");
    md.append(String.format(Locale.ROOT, """
        Setup (TransplantBench.java). Base: a GPT of %d layers, d=%d, %d heads, context %d, tied head, pretrained %d
        steps on G-text and G-arith mixed %.2f : %.2f (4000 documents each, seed 7) with tokenizer A, a byte-level BPE
        trained on that mix (asked for %d tokens, got %d). Donor: %d layers, d=%d, pretrained %d steps on another
        G-text sample (seed %d, no arithmetic) with tokenizer B, a BPE trained on it (asked for %d tokens, got %d).
        Batch %d, lr 3e-3 with warmup and cosine decay; seeds 1..%d set both models' initialization and data order
        (the tokenizers are the same on every seed).

        Each transplant keeps the base's body and gives it B's vocabulary: the %d B tokens whose bytes A has keep the
        base's rows bit for bit, the other %d get their init's row. OMP approximates each new token's donor row from
        at most k shared tokens' donor rows and applies those coefficients to the same tokens' base rows (k=%d is the
        paper's and tokensurgeon's default; the donor's rows are %d wide). Subword-mean averages the base's rows of
        A's tokens for the new token's bytes (FVT-like); mean-init uses the mean of all of A's rows. TokenAdapt
        mixes a global estimate, the base rows of the k shared tokens whose donor rows are most cosine-similar to the
        new token's, weighted by softmax(cosine / τ), into the subword mean (the local estimate) at the global weight;
        the paper searches an external text-embedding model's space, which we do not have, so the donor's embedding
        space stands in for it, and its local estimate weights pieces by that model too, so ours is the plain
        subword mean. Global weight 1 is the global estimate alone.

        Zero-shot evaluation: bits per byte (tokenizer-agnostic) on 64 windows of the held-out G-text and G-arith
        documents of the base's corpus (every 10th; neither model trained on them), each model with its own
        tokenizer, and G-arith exact match on the first 64 held-out problems, greedy. Under B, %.1f%% of the held-out
        G-text tokens and %.1f%% of the G-arith tokens are new tokens. Residual: the mean relative norm of what OMP
        leaves of the new tokens' donor embedding rows. Then every arm trains %d more steps on the base's training
        documents in its own tokenizer (AdamW, lr %s, no weight decay, batch %d, the same windows per seed) and
        G-text bits per byte are measured again. Mean ± sample sd over seeds [per seed]; lower bpb is better.
        %.1f minutes on %s, %d intra-op threads, load average at the end %s.

        """, TransplantBench.BASE_MODEL.layers(), TransplantBench.BASE_MODEL.dModel(),
        TransplantBench.BASE_MODEL.heads(), TransplantBench.BASE_MODEL.contextLength(), baseSteps,
        1 - TransplantBench.ARITH_WEIGHT, TransplantBench.ARITH_WEIGHT, TransplantBench.BASE_VOCAB,
        overlap.baseVocab(), TransplantBench.DONOR_MODEL.layers(), TransplantBench.DONOR_MODEL.dModel(), donorSteps,
        TransplantBench.DONOR_DATA_SEED, TransplantBench.DONOR_VOCAB, overlap.donorVocab(), TransplantBench.BATCH, seeds,
        overlap.shared(), overlap.added(), TokenizerTransplant.DEFAULT_K, TransplantBench.DONOR_MODEL.dModel(),
        100 * overlap.newTokenShareOfText(), 100 * overlap.newTokenShareOfArith(), tuneSteps,
        ContinuedTraining.LEARNING_RATE, TransplantBench.BATCH, minutes, MachineInfo.cpuModel(), TorchRuntime.threads(),
        MachineInfo.loadAverage()));
    md.append("| arm | G-text bpb | G-arith bpb | G-arith exact match | OMP residual | G-text bpb after ")
        .append(tuneSteps).append(" steps |\n|---|---|---|---|---|---|\n");
    for (int i = 0; i < TransplantBench.ARMS.size(); i++) {
      List<Result> runs = results.get(i);
      md.append("| ").append(TransplantBench.ARMS.get(i).name())
          .append(" | ").append(spread(runs, Result::textBitsPerByte).formatWithSeeds("%.4f"))
          .append(" | ").append(spread(runs, Result::arithBitsPerByte).formatWithSeeds("%.4f"))
          .append(" | ").append(spread(runs, Result::arithAccuracy).formatWithSeeds("%.3f"))
          .append(" | ").append(spread(runs, Result::residual).format("%.3f"))
          .append(" | ").append(spread(runs, Result::tunedTextBitsPerByte).formatWithSeeds("%.4f"))
          .append(" |\n");
    }
    comparisons(md, TransplantBench.OMP_DEFAULT, results);
    comparisons(md, TransplantBench.TOKEN_ADAPT, results);
    return md.append('\n').toString();
  }

  private static void comparisons(StringBuilder md, Arm arm, List<List<Result>> results) {
    int index = TransplantBench.ARMS.indexOf(arm);
    md.append('\n').append(arm.name())
        .append(" against each other arm, seed by seed (same base and donor per seed), on zero-shot G-text bpb:\n\n");
    for (int i = 0; i < TransplantBench.ARMS.size(); i++) {
      if (i != index) {
        md.append("- vs ").append(TransplantBench.ARMS.get(i).name()).append(": ")
            .append(comparison(results.get(index), results.get(i))).append('\n');
      }
    }
  }

  private static String comparison(List<Result> arm, List<Result> other) {
    int lower = 0;
    for (int seed = 0; seed < arm.size(); seed++) {
      lower += arm.get(seed).textBitsPerByte() < other.get(seed).textBitsPerByte() ? 1 : 0;
    }
    return spread(arm, Result::textBitsPerByte).versus(spread(other, Result::textBitsPerByte), false) + "; lower on "
        + lower + " of " + arm.size() + " seeds";
  }

  private static Spread spread(List<Result> runs, ToDoubleFunction<Result> value) {
    return Spread.of(runs.stream().mapToDouble(value).toArray());
  }
}
