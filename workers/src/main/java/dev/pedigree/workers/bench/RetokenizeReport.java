package dev.pedigree.workers.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The text of {@code docs/results/retokenize.md} above its hand-written Discussion. */
record RetokenizeReport(String[] args, int steps, int seeds, double minutes) {

  /** The steps the table shows: 0, those of {@link RetokenizeBench#CURVE} before the last step, and the last. */
  List<Long> curveSteps() {
    List<Long> curve = new ArrayList<>(List.of(0L));
    RetokenizeBench.CURVE.stream().filter(step -> step < steps).forEach(curve::add);
    curve.add((long) steps);
    return curve;
  }

  String markdown(double[] baseBitsPerByte, double[] donorBitsPerByte, List<RetokenizeBench.Method> methods,
      List<RetokenizeBench.StartResults> results) {
    StringBuilder text = new StringBuilder(ResultsFile.opening(
        "Tokenizer transfer as self-distillation: transplant, then ALM vs NTP (METHODS.md §3.3 #2)", "retokenize",
        args, minutes, seeds, " (each seed its own base, donor and transplant)"));
    text.append(String.format(Locale.ROOT, """
        Setup (RetokenizeBench.java). The base (tokenizer A) and the donor (tokenizer B) are `bench transplant`'s, \
        cached in the same place: the base has 4 layers, d=128, pretrained %d steps on G-text and G-arith (seed 7) \
        with a 512-token BPE; the donor 2 layers, d=96, %d steps on another G-text sample (seed 11) with B, a BPE \
        trained on that sample. Each start is the base transplanted onto B (OMP k=8, the best zero-shot transplant of \
        tokenizer.md, and mean init). Every method then trains the start %d steps with the distill kind on B's \
        own corpus (G-text seed 11, 4000 documents, the BPE of that corpus is B, so the student reads B): batch 16, \
        AdamW lr %s, warmup %d, cosine decay, no weight decay, clipping at 1, the same windows per seed.
        - NTP only: loss `mixed` with α = 1 towards a frozen copy of the start (the KL term weighs 0), i.e. \
        next-token cross-entropy in the same loop as the ALM runs.
        - ALM: loss `alm` with the base as teacher, reading each window in A (chunk temperature 100); \
        `ntpWeight` adds the next-token cross-entropy.

        Bits per byte on held-out G-text of B's corpus (every 10th document; 64 windows), each model in its own \
        tokenizer; the base reads it in A at %s and the donor in B at %s. Lower is better.%n%n""",
        TransplantBench.BASE_STEPS, TransplantBench.DONOR_STEPS, steps, ContinuedTraining.LEARNING_RATE,
        Math.min(10, steps / 10), Spread.of(baseBitsPerByte).formatWithSeeds("%.4f"),
        Spread.of(donorBitsPerByte).formatWithSeeds("%.4f")));
    List<Long> curve = curveSteps();
    text.append("| start | method |");
    curve.forEach(step -> text.append(" step ").append(step).append(" |"));
    text.append(" first step at or below the base on A, per seed |\n|---|---|");
    curve.forEach(step -> text.append("---|"));
    text.append("---|\n");
    for (int s = 0; s < results.size(); s++) {
      RetokenizeBench.StartResults start = results.get(s);
      for (int m = 0; m < methods.size(); m++) {
        List<BenchRuns.Run> runs = start.runs().get(m);
        text.append("| ").append(RetokenizeBench.STARTS.get(s).name()).append(" | ").append(methods.get(m).name())
            .append(" |");
        for (long step : curve) {
          text.append(' ').append(bitsAt(start, runs, step).format("%.4f")).append(" |");
        }
        text.append(' ').append(firstStepsBelow(runs, baseBitsPerByte)).append(" |\n");
      }
    }
    text.append("\nEach ALM method against NTP only from the same start, seed by seed (Δ bits per byte, negative"
        + " is better; lower on n of the seeds):\n\n");
    for (int s = 0; s < results.size(); s++) {
      RetokenizeBench.StartResults start = results.get(s);
      List<BenchRuns.Run> ntp = start.runs().get(0);
      for (int m = 1; m < methods.size(); m++) {
        List<BenchRuns.Run> runs = start.runs().get(m);
        List<String> points = new ArrayList<>();
        for (long step : curve.subList(1, curve.size())) {
          double change = 0;
          int lower = 0;
          for (int seed = 0; seed < seeds; seed++) {
            double difference = bitsAt(runs.get(seed), step) - bitsAt(ntp.get(seed), step);
            change += difference / seeds;
            lower += difference < 0 ? 1 : 0;
          }
          points.add(String.format(Locale.ROOT, "step %d %+.4f (%d of %d)", step, change, lower, seeds));
        }
        text.append("- ").append(RetokenizeBench.STARTS.get(s).name()).append(", ").append(methods.get(m).name())
            .append(": ").append(String.join("; ", points)).append(".\n");
      }
    }
    text.append(String.format(Locale.ROOT, "%nSeconds per run (mean over starts and seeds): %s.%n%n",
        String.join(", ", methods.stream().map(method -> method.name() + " " + String.format(Locale.ROOT, "%.0f",
            results.stream().flatMap(start -> start.runs().get(methods.indexOf(method)).stream())
                .mapToDouble(BenchRuns.Run::seconds).average().orElse(Double.NaN))).toList())));
    return text.toString();
  }

  /** The runs' bits per byte at {@code step} over seeds; at step 0 the start's, before any training. */
  private static Spread bitsAt(RetokenizeBench.StartResults start, List<BenchRuns.Run> runs, long step) {
    return step == 0 ? Spread.of(start.initialBitsPerByte())
        : Spread.of(runs, run -> bitsAt(run, step));
  }

  private static double bitsAt(BenchRuns.Run run, long step) {
    return run.at(step, BenchRuns.EVAL_BITS_PER_BYTE);
  }

  /** Per seed, the first evaluated step whose bits per byte are at or below the base's on A; "–" if none. */
  private static String firstStepsBelow(List<BenchRuns.Run> runs, double[] baseBitsPerByte) {
    List<String> steps = new ArrayList<>();
    for (int seed = 0; seed < runs.size(); seed++) {
      double target = baseBitsPerByte[seed];
      steps.add(runs.get(seed).metrics().entrySet().stream()
          .filter(entry -> entry.getValue().getOrDefault(BenchRuns.EVAL_BITS_PER_BYTE, Double.NaN) <= target)
          .map(entry -> Long.toString(entry.getKey())).findFirst().orElse("–"));
    }
    return "[" + String.join(", ", steps) + "]";
  }
}
