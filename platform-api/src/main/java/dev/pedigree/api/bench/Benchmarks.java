package dev.pedigree.api.bench;

import dev.pedigree.workers.bench.RlBench;
import dev.pedigree.workers.bench.SoakBench;
import dev.pedigree.workers.bench.TrainBench;
import java.util.Arrays;

/** {@code pedigree bench train|soak|ingest|rl [options]}: the benchmarks of BENCHMARKS.md; exit 1 when one misses. */
public final class Benchmarks {
  private static final String USAGE =
      """
      usage: pedigree bench train  [--steps N] [--threads 1,2]     CPU training tokens/s, MFU vs the matmul ceiling
             pedigree bench soak   [--steps 5000]                  RSS of a long CPU training; fails on > 5% growth
             pedigree bench ingest [--seconds 60] [--runs 8] [--batch 5000]
                                                                   metric ingestion into the embedded platform
             pedigree bench rl     [--seeds 3] [--base-steps 6000] [--rl-steps 300] [--pref-steps 60] [--eval-every 50]
                                                                   GRPO vs GTPO, DPO vs TDPO vs TGDPO on G-arith;
                                                                   writes docs/results/rl.md
      """;

  private Benchmarks() {}

  public static int run(String[] args) throws Exception {
    String benchmark = args.length > 0 ? args[0] : "";
    String[] rest = args.length > 0 ? Arrays.copyOfRange(args, 1, args.length) : args;
    try {
      return switch (benchmark) {
        case "train" -> TrainBench.run(rest);
        case "soak" -> SoakBench.run(rest);
        case "rl" -> RlBench.run(rest);
        case "ingest" -> IngestBench.run(rest);
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
