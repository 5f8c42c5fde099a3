package dev.pedigree.api.bench;

import dev.pedigree.workers.bench.AlignDistilBench;
import dev.pedigree.workers.bench.AlmBench;
import dev.pedigree.workers.bench.CntpBench;
import dev.pedigree.workers.bench.DecodingBench;
import dev.pedigree.workers.bench.DistillBench;
import dev.pedigree.workers.bench.EnsembleBench;
import dev.pedigree.workers.bench.FrugalBench;
import dev.pedigree.workers.bench.GroupMergeBench;
import dev.pedigree.workers.bench.MarkovBench;
import dev.pedigree.workers.bench.MergeBench;
import dev.pedigree.workers.bench.MergeResults;
import dev.pedigree.workers.bench.SelectionBench;
import dev.pedigree.workers.bench.ReproducibilityBench;
import dev.pedigree.workers.bench.RetokenizeBench;
import dev.pedigree.workers.bench.RlBench;
import dev.pedigree.workers.bench.ScalingBench;
import dev.pedigree.workers.bench.SoakBench;
import dev.pedigree.workers.bench.TrainBench;
import dev.pedigree.workers.bench.TransplantBench;
import dev.pedigree.workers.bench.WhpBench;
import java.util.Arrays;

/**
 * {@code pedigree bench <name> [options]}: the benchmarks of BENCHMARKS.md and the results of docs/results (see
 * {@link #USAGE}); exit 1 when one misses.
 */
public final class Benchmarks {
  private static final String USAGE =
      """
      usage: pedigree bench train  [--steps N] [--threads 1,2]     CPU training tokens/s, MFU vs the matmul ceiling
             pedigree bench distill [--seeds 3] [--teacher-steps N] [--student-steps N] [--out FILE]
                                                                   distilled vs scratch student: docs/results/distill.md
             pedigree bench soak   [--steps 5000]                  RSS of a long CPU training; fails on > 5% growth
             pedigree bench merge  [--layers 16] [--rounds 3]      merges of 3 generated 114M-parameter models vs
                                                                   their I/O; fails when a merge takes > 2x
             pedigree bench merge-results [--seeds 3] [--pretrain-steps 1000] [--finetune-steps 300]
                                  [--finetune-lr 1e-3]
                                                                   writes docs/results/merge.md (merges of two
                                                                   G-arith specialists, every method)
             pedigree bench groupmerge [--seeds 3] [--pretrain-steps 300] [--mix-steps 1000]
                                  [--finetune-steps 100] [--finetune-lr 3e-4]
                                                                   writes docs/results/groupmerge.md (transfer matrix,
                                                                   synergy groups, group-wise vs all-task merge)
             pedigree bench ingest [--seconds 60] [--runs 8] [--batch 5000]
                                                                   metric ingestion into the embedded platform
             pedigree bench selection [--steps 300] [--seeds 1,2,3]
                                                                   data selection strategies vs uniform (METHODS.md
                                                                   §3.1); writes docs/results/data-selection.md
             pedigree bench frugal [--steps 1000] [--seeds 3] [--reselect-every 200]
                                                                   AdamW vs FRUGAL vs block AdamW vs signSGD
                                                                   (METHODS.md §3.5); writes docs/results/optimizer.md
             pedigree bench dashboard [--runs 10000] [--points 1000000] [--samples 50]
                                                                   runs page and run chart API times at that scale
             pedigree bench submit [--runs 20] [--steps 5]         submit -> first training step on the embedded
                                                                   platform, split into dispatch, set-up, step
             pedigree bench rl     [--seeds 3] [--base-steps 6000] [--rl-steps 300] [--pref-steps 60] [--eval-every 50]
                                                                   GRPO vs GTPO, DPO vs TDPO vs TGDPO on G-arith;
                                                                   writes docs/results/rl.md
             pedigree bench aligndistil [--seeds 3] [--base-steps 1500] [--pairs 256] [--steps 160]
                                                                   DPO, reverse DPO, KD and AlignDistil's teachers
                                                                   (adaptive, contrastive, theorem; on- and
                                                                   off-policy) on the sentiment task; writes
                                                                   docs/results/aligndistil.md
             pedigree bench adacad [--seeds 3] [--steps 1500] [--questions 200] [--fresh-fifths 2]
                                                                   greedy vs CAD vs AdaCAD decoding on G-facts
                                                                   knowledge conflicts; docs/results/decoding.md
             pedigree bench transplant [--seeds 3] [--base-steps 1000] [--donor-steps 600]
                                                                   a BPE model moved onto another BPE without
                                                                   training: OMP and TokenAdapt vs mean, zero and
                                                                   subword-mean init; docs/results/tokenizer.md
             pedigree bench alm [--seeds 3] [--teacher-steps 1500] [--steps 400] [--ntp-weight 0.1]
                                                                   cross-tokenizer distillation (ALM) from a BPE
                                                                   teacher into a byte student vs NTP only; writes
                                                                   docs/results/cross-tokenizer.md
             pedigree bench retokenize [--seeds 3] [--steps 200] [--ntp-weight 0.1]
                                                                   the transplant base on a new tokenizer (OMP k=8,
                                                                   mean init) trained on: NTP vs ALM towards the
                                                                   base vs both; docs/results/retokenize.md
             pedigree bench markov [--seeds 2] [--steps 600] [--vocab-sizes 272,320,512]
                                                                   characters vs BPE on k=2..4 Markov sources: bits
                                                                   per character against the entropy rate; writes
                                                                   docs/results/tokenization-theory.md
             pedigree bench ensemble [--seeds 3] [--steps 2000] [--problems 2000]
                                                                   uniform vs CoRE output-space ensembles of G-arith
                                                                   models, with and without a corrupted member;
                                                                   writes docs/results/ensemble.md
             pedigree bench cntp [--seeds 3] [--steps 2000] [--problems 1000]
                                                                   Cautious Next Token Prediction vs greedy,
                                                                   sampling and best-of-N on G-arith, accuracy
                                                                   against tokens forwarded; docs/results/cntp.md
             pedigree bench pbt [--seeds 8] [--interval 100]
                                                                   PBT (4 members x 4 generations) vs random search
                                                                   and a learning-rate grid at the same steps, on
                                                                   the embedded platform; docs/results/pbt.md
             pedigree bench scaling [--widths 32,48,64] [--steps 800,1200,1600] [--holdout-width 96]
                                  [--holdout-steps 2400] [--resamples 500]
                                                                   scaling law fitted to a grid of tiny GPTs, checked
                                                                   on a bigger held-out run (METHODS.md §3.5);
                                                                   writes docs/results/scaling.md
             pedigree bench whp [--seeds 3] [--entities 40] [--targets 8] [--base-steps 3000]
                                [--reinforce-steps 100] [--steps 100] [--alpha 1] [--lr 3e-4]
                                                                   unlearning G-facts entities: WHP vs gradient
                                                                   ascent vs inverted hinge vs a control;
                                                                   docs/results/unlearning.md
             pedigree bench reproducibility [--device cpu|cuda] [--seeds 2] [--steps N] [--prompts 96]
                                                                   greedy outputs across batch sizes and precisions
                                                                   (fp32, bf16, LayerCast), divergences counted;
                                                                   cpu: docs/results/reproducibility.md, cuda: stdout
      """;

  private Benchmarks() {}

  public static int run(String[] args) throws Exception {
    String benchmark = args.length > 0 ? args[0] : "";
    String[] rest = args.length > 0 ? Arrays.copyOfRange(args, 1, args.length) : args;
    try {
      return switch (benchmark) {
        case "train" -> TrainBench.run(rest);
        case "soak" -> SoakBench.run(rest);
        case "distill" -> DistillBench.run(rest);
        case "merge" -> MergeBench.run(rest);
        case "merge-results" -> MergeResults.run(rest);
        case "groupmerge" -> GroupMergeBench.run(rest);
        case "rl" -> RlBench.run(rest);
        case "aligndistil" -> AlignDistilBench.run(rest);
        case "adacad" -> DecodingBench.run(rest);
        case "transplant" -> TransplantBench.run(rest);
        case "alm" -> AlmBench.run(rest);
        case "retokenize" -> RetokenizeBench.run(rest);
        case "markov" -> MarkovBench.run(rest);
        case "ensemble" -> EnsembleBench.run(rest);
        case "cntp" -> CntpBench.run(rest);
        case "pbt" -> PbtBench.run(rest);
        case "whp" -> WhpBench.run(rest);
        case "ingest" -> IngestBench.run(rest);
        case "selection" -> SelectionBench.run(rest);
        case "frugal" -> FrugalBench.run(rest);
        case "scaling" -> ScalingBench.run(rest);
        case "reproducibility" -> ReproducibilityBench.run(rest);
        case "dashboard" -> DashboardBench.run(rest);
        case "submit" -> SubmitBench.run(rest);
        case "", "-h", "--help", "help" -> {
          System.out.print(USAGE);
          yield benchmark.isEmpty() ? 2 : 0;
        }
        default -> {
          System.err.print("pedigree bench: unknown benchmark '" + benchmark + "'\n" + USAGE);
          yield 2;
        }
      };
    } catch (IllegalArgumentException e) {
      System.err.println("pedigree bench " + benchmark + ": " + e.getMessage());
      return 2;
    }
  }
}
