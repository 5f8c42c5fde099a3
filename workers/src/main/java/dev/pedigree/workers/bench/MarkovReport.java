package dev.pedigree.workers.bench;

import java.util.List;
import java.util.Locale;
import java.util.function.DoubleUnaryOperator;

/** The text of {@code docs/results/tokenization-theory.md} above its hand-written Discussion. */
record MarkovReport(String[] args, int steps, int seeds, double minutes) {

  String markdown(List<MarkovBench.Outcome> outcomes) {
    StringBuilder text = new StringBuilder(ResultsFile.opening(
        "Tokenization theory on k-th-order Markov sources: characters vs BPE (METHODS.md §3.5)", "markov", args,
        minutes, seeds, " (each seed its own initialization and data order; the data is the same)"));
    text.append(String.format(Locale.ROOT, """
        Setup (MarkovBench.java). Each source is G-markov's switching chain of order k (the paper's construction): \
        the next symbol is the one k back, flipped with probability %s, so every order has the same entropy rate \
        and a uniform unigram law; only the distance a model must look back changes. %d documents of %d symbols \
        (data seed %d), every tenth held out; documents carry no separator. One GPT shape for every arm: %d layers, \
        d=%d, %d heads, learned positions, batch %d, %d steps, AdamW lr %s, warmup %d, cosine decay, weight decay 0.1, \
        clipping at 1. The byte arm reads characters with a context of %d; each BPE arm is trained on the source's \
        training split and its context (in tokens) spans the same %d characters on average, so every arm sees about \
        the same characters per step.

        Bits per character are the held-out cross-entropy over the characters the evaluated tokens spell (64 \
        windows, every character one byte); the optimum is the source's entropy rate, and a model that ignores \
        context reaches the unigram entropy. Share closed = (unigram − bits) / (unigram − rate): 0 is a unigram \
        model, 1 the optimum.

        | k | entropy rate (bits/char) | unigram entropy (bits/char) |
        |---|---|---|
        """, MarkovBench.FLIP, MarkovBench.DOCUMENTS, MarkovBench.DOCUMENT_LENGTH, MarkovBench.DATA_SEED,
        MarkovBench.LAYERS, MarkovBench.D_MODEL, MarkovBench.HEADS, MarkovBench.BATCH, steps,
        MarkovBench.LEARNING_RATE, Math.min(30, steps / 10), MarkovBench.CONTEXT_CHARACTERS,
        MarkovBench.CONTEXT_CHARACTERS));
    outcomes.stream().filter(outcome -> outcome.arm().tokenizer().equals("byte")).forEach(outcome ->
        text.append(String.format(Locale.ROOT, "| %d | %.4f | %.4f |%n", outcome.order(),
            outcome.source().entropyRate(), outcome.source().unigramEntropy())));
    text.append(String.format(Locale.ROOT, """

        After %d steps:

        | k | arm | context (tokens) | characters per token | characters seen | bits per character | gap to the \
        entropy rate | share closed |
        |---|---|---|---|---|---|---|---|
        """, steps));
    for (MarkovBench.Outcome outcome : outcomes) {
      MarkovBench.Arm arm = outcome.arm();
      double rate = outcome.source().entropyRate();
      double unigram = outcome.source().unigramEntropy();
      text.append(String.format(Locale.ROOT, "| %d | %s | %d | %.2f | %.2fM | %s | %s | %s |%n", outcome.order(),
          arm.name(), arm.contextLength(), arm.charactersPerToken(),
          (double) steps * MarkovBench.BATCH * arm.contextLength() * arm.charactersPerToken() / 1e6,
          finalBits(outcome, bits -> bits).format("%.4f"), finalBits(outcome, bits -> bits - rate).format("%.4f"),
          finalBits(outcome, bits -> (unigram - bits) / (unigram - rate)).format("%.2f")));
    }
    List<Long> curve = outcomes.get(0).bitsByStep().get(0).keySet().stream().toList();
    text.append("\nBits per character along the way:\n\n| k | arm |");
    curve.forEach(step -> text.append(" step ").append(step).append(" |"));
    text.append("\n|---|---|");
    curve.forEach(step -> text.append("---|"));
    text.append('\n');
    for (MarkovBench.Outcome outcome : outcomes) {
      text.append("| ").append(outcome.order()).append(" | ").append(outcome.arm().name()).append(" |");
      for (long step : curve) {
        text.append(' ').append(Spread.of(outcome.bitsByStep().stream().mapToDouble(bits -> bits.get(step)).toArray())
            .format("%.4f")).append(" |");
      }
      text.append('\n');
    }
    text.append("\nSeconds per run: ");
    text.append(String.join(", ", outcomes.stream().map(outcome -> String.format(Locale.ROOT, "k=%d %s %.0f",
        outcome.order(), outcome.arm().name(), outcome.seconds())).toList()));
    return text.append(".\n\n").toString();
  }

  /** {@code value} of each seed's last evaluation, over seeds. */
  private static Spread finalBits(MarkovBench.Outcome outcome, DoubleUnaryOperator value) {
    return Spread.of(outcome.bitsByStep().stream()
        .mapToDouble(bits -> value.applyAsDouble(bits.lastEntry().getValue()))
        .toArray());
  }
}
