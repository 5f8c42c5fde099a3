package dev.pedigree.workers.bench;

import java.util.List;
import java.util.Locale;

/** The text of {@code docs/results/cross-tokenizer.md} above its hand-written Discussion. */
record AlmReport(String[] args, int teacherSteps, int steps, int seeds, double minutes, boolean teacherCached) {

  /** One arm's per-seed results, in seed order, and its mean wall time per run. */
  record Column(double[] bitsPerByte, double[] accuracy, double seconds) {
    static Column of(List<DistillBench.Outcome> outcomes) {
      return new Column(outcomes.stream().mapToDouble(DistillBench.Outcome::bitsPerByte).toArray(),
          outcomes.stream().mapToDouble(DistillBench.Outcome::accuracy).toArray(),
          outcomes.stream().mapToDouble(DistillBench.Outcome::seconds).average().orElseThrow());
    }
  }

  String write(double teacherBitsPerByte, double teacherAccuracy, List<String> arms, List<Column> columns) {
    StringBuilder text = new StringBuilder();
    text.append("# Cross-tokenizer distillation: ALM from a BPE teacher into a byte-level student\n\n");
    text.append("Everything above the Discussion section is written by the benchmark; a rerun replaces it.\n\n");
    text.append(DistillBench.commandLine("alm", args, minutes, teacherCached));
    text.append("Setup (AlmBench.java, METHODS.md §3.3 #2):\n");
    text.append("- Data: two domains, G-text and G-arith, 3000 documents each (seed 7); every 10th document held out."
        + " Bits per byte on the held-out windows of both; G-arith exact match (greedy) on the first 200 held-out"
        + " arith problems.\n");
    text.append(String.format(Locale.ROOT, "- Teacher: 4 layers, d=128, context 64 tokens of a byte-level BPE with"
        + " 1024 ids trained on the training split; pretrained for %d steps (batch 16, lr 3e-3, seed 1): held-out"
        + " bits per byte %.3f, G-arith accuracy %.3f.%n", teacherSteps, teacherBitsPerByte, teacherAccuracy));
    text.append(String.format(Locale.ROOT, "- Student: 2 layers, d=64, context 128 byte tokens (the byte tokenizer:"
        + " 256 ids, none of the teacher's merges); every arm trains %d steps, batch 16, lr 3e-3 with warmup and"
        + " cosine decay, on the same windows in the same order per seed (seeds 1..%d set the initialization and the"
        + " order).%n", steps, seeds));
    text.append("- NTP only: the pretrain trainer (next-byte cross-entropy). ALM: the distill kind with `loss: alm`,"
        + " the teacher reading its own BPE tokens of each window; chunks between common token boundaries, chunk"
        + " likelihoods tempered by τ = 100 (tokenkit's default), binarised KL averaged over chunks; `ntpWeight`"
        + " adds the next-byte cross-entropy.\n\n");
    text.append("Mean ± sample standard deviation over seeds; per-seed values in brackets. Lower bits per byte is"
        + " better.\n\n");
    text.append("| arm | held-out bits per byte | G-arith exact match | seconds per run |\n|---|---|---|---|\n");
    for (int i = 0; i < arms.size(); i++) {
      Column column = columns.get(i);
      text.append("| ").append(arms.get(i))
          .append(" | ").append(Spread.of(column.bitsPerByte()).formatWithSeeds("%.4f"))
          .append(" | ").append(Spread.of(column.accuracy()).formatWithSeeds("%.3f"))
          .append(" | ").append(String.format(Locale.ROOT, "%.0f", column.seconds()))
          .append(" |\n");
    }
    text.append("\nEach ALM arm against NTP only, seed by seed (same initialization and data order):\n\n");
    Column ntp = columns.get(0);
    for (int i = 1; i < arms.size(); i++) {
      Column column = columns.get(i);
      int lowerBits = 0;
      int higherAccuracy = 0;
      double bitsChange = 0;
      double accuracyChange = 0;
      for (int seed = 0; seed < seeds; seed++) {
        lowerBits += column.bitsPerByte()[seed] < ntp.bitsPerByte()[seed] ? 1 : 0;
        higherAccuracy += column.accuracy()[seed] > ntp.accuracy()[seed] ? 1 : 0;
        bitsChange += (column.bitsPerByte()[seed] - ntp.bitsPerByte()[seed]) / seeds;
        accuracyChange += (column.accuracy()[seed] - ntp.accuracy()[seed]) / seeds;
      }
      text.append(String.format(Locale.ROOT, "- %s: bits per byte %+.4f on average (negative is better), lower on %d"
          + " of %d seeds; exact match %+.3f on average, higher on %d of %d seeds.%n", arms.get(i), bitsChange,
          lowerBits, seeds, accuracyChange, higherAccuracy, seeds));
    }
    return text.append('\n').toString();
  }
}
