package dev.pedigree.workers.bench;

import dev.pedigree.workers.engine.audit.ConditionOutcome;
import dev.pedigree.workers.engine.audit.Divergence;
import dev.pedigree.workers.engine.audit.ReproducibilityAudit;
import dev.pedigree.workflows.spec.ModelSpec;
import dev.pedigree.workflows.spec.PretrainSpec;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * docs/results/reproducibility.md (or, on CUDA, the same markdown on stdout): the setup and one table for the device,
 * the seeds' outcomes pooled per condition.
 */
final class ReproducibilityReport {
  private ReproducibilityReport() {}

  /** @param bySeed each seed's outcomes, all in the same condition order */
  static String markdown(String[] args, String device, PretrainSpec spec, int prompts,
      List<List<ConditionOutcome>> bySeed, double minutes) {
    ModelSpec model = spec.model();
    StringBuilder text = new StringBuilder(ResultsFile.opening(
        "Reproducibility of greedy decoding under numerics (LayerCast, METHODS.md §3.5)", "reproducibility", args,
        minutes, bySeed.size(), " (each seed its own model); divergence counts are summed over the seeds"));
    text.append(String.format(Locale.ROOT, """
        Setup: per seed a GPT of %d layers, d=%d, %d heads, context %d, %s positions, pretrained on the device for %d \
        steps on G-arith (%d documents, data seed %d, byte tokens, batch %d, lr 3e-3), then greedy decoding of the \
        first %d held-out G-arith prompts (`Q: 37+48 =`), at most %d new tokens, stopping at the newline, under each \
        condition. Batches are consecutive groups of prompts, left-padded as the Sampler pads them. Precisions: fp32 \
        (fp32 weights and compute); bf16 (weights cast to bf16, so every matmul and norm in bf16); layercast \
        (weights rounded to bf16 and cast back, compute in fp32: LayerCast's numerics at half the stored bytes); on \
        CUDA also fp32+autocast (fp32 weights under bf16 autocast, what the Sampler does there by default). \
        "no-cache" recomputes the whole sequence each step instead of using the KV cache; "2 threads" sets libtorch's \
        intra-op threads (OpenBLAS keeps the pool it loaded with).

        Reference: %s. "Diverged" counts the prompts whose generated tokens differ from the reference's anywhere; \
        "first divergence" is the mean index of the first differing generated token over those prompts; "abs Δ length" \
        the mean absolute difference in generated tokens over all prompts; "diverged from own b1" compares with the \
        same precision at batch 1 (the paper's reproducibility question: does the batch change the output?). \
        Accuracy is exact match of the `<a>…</a>` answer.

        """, model.layers(), model.dModel(), model.heads(), model.contextLength(), model.positions(),
        spec.training().steps(), spec.data().documents(), spec.data().seed(), spec.training().batchSize(), prompts,
        ReproducibilityBench.MAX_NEW_TOKENS, ReproducibilityAudit.REFERENCE.label()));
    text.append("## ").append(device).append("\n\n");
    text.append("| condition | diverged from fp32 b1 | per seed | first divergence (token) | mean abs Δ length (tokens) "
        + "| diverged from own b1 | accuracy | seconds per seed |\n|---|---|---|---|---|---|---|---|\n");
    List<ConditionOutcome> first = bySeed.get(0);
    for (int index = 0; index < first.size(); index++) {
      int condition = index;
      List<ConditionOutcome> outcomes = bySeed.stream().map(seed -> seed.get(condition)).toList();
      Divergence fromReference = Divergence.pooled(outcomes.stream().map(ConditionOutcome::fromReference).toList());
      Divergence fromOwn = Divergence.pooled(outcomes.stream().map(ConditionOutcome::fromOwnBatchOne).toList());
      text.append(String.format(Locale.ROOT, "| %s | %d of %d | %s | %s | %.3f | %d of %d | %s | %.1f |%n",
          first.get(index).condition().label(), fromReference.diverged(), fromReference.prompts(),
          joined(outcomes, outcome -> Integer.toString(outcome.fromReference().diverged())),
          fromReference.diverged() == 0 ? "—" : String.format(Locale.ROOT, "%.2f", fromReference.meanFirstDivergence()),
          fromReference.meanLengthDifference(), fromOwn.diverged(), fromOwn.prompts(),
          Spread.of(outcomes.stream().mapToDouble(ConditionOutcome::accuracy).toArray()).format("%.3f"),
          outcomes.stream().mapToDouble(ConditionOutcome::seconds).average().orElseThrow()));
    }
    return text.append('\n').toString();
  }

  private static String joined(List<ConditionOutcome> outcomes, Function<ConditionOutcome, String> value) {
    return outcomes.stream().map(value).collect(Collectors.joining(" / "));
  }
}
