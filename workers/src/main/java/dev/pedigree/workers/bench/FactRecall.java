package dev.pedigree.workers.bench;

import static org.bytedeco.pytorch.global.torch.tensor;

import dev.pedigree.workers.engine.data.Fact;
import dev.pedigree.workers.engine.model.Gpt;
import dev.pedigree.workers.engine.sampling.Completion;
import dev.pedigree.workers.engine.sampling.Sampler;
import dev.pedigree.workers.engine.sampling.SamplingOptions;
import dev.pedigree.workers.engine.sampling.SamplingRandom;
import dev.pedigree.workers.engine.tokenizer.Tokenizer;
import java.util.Arrays;
import java.util.List;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.NoGradGuard;

/** What a model still knows: greedy fact completion and perplexity. */
final class FactRecall {
  /** Enough for the longest value and its full stop. */
  static final int MAX_NEW_TOKENS = 20;

  private FactRecall() {}

  /**
   * The share of {@code facts} whose greedy completion of {@code "<entity> <phrase>"} (e.g. {@code "Zorvin lives in"})
   * is the value, up to its full stop.
   */
  static double accuracy(Gpt model, Tokenizer tokenizer, List<Fact> facts) {
    List<int[]> prompts =
        facts.stream().map(fact -> tokenizer.encode(fact.entity() + " " + fact.attribute().phrase())).toList();
    SamplingOptions options = SamplingOptions.greedy(MAX_NEW_TOKENS).withStopToken('.');
    List<Completion> completions;
    try (PointerScope scope = new PointerScope()) {
      completions = new Sampler(model.config(), model.parameters().byName())
          .generate(prompts, options, SamplingRandom.seeded(0));
    }
    int right = 0;
    for (int i = 0; i < facts.size(); i++) {
      String said = tokenizer.decode(completions.get(i).tokens());
      int stop = said.indexOf('.');
      right += (stop < 0 ? said : said.substring(0, stop)).strip().equals(facts.get(i).value()) ? 1 : 0;
    }
    return (double) right / facts.size();
  }

  /** exp of the mean next-token loss over all tokens of {@code texts}, each cut to the model's context. */
  static double perplexity(Gpt model, Tokenizer tokenizer, List<String> texts) {
    double nats = 0;
    long tokens = 0;
    try (NoGradGuard noGrad = new NoGradGuard()) {
      for (String text : texts) {
        int[] ids = tokenizer.encode(text);
        int length = Math.min(ids.length, model.config().contextLength() + 1);
        long[] window = Arrays.stream(ids, 0, length).asLongStream().toArray();
        try (PointerScope scope = new PointerScope()) {
          var all = tensor(window).view(1, length);
          double mean = model.loss(all.narrow(1, 0, length - 1), all.narrow(1, 1, length - 1)).item_double();
          nats += mean * (length - 1);
          tokens += length - 1;
        }
      }
    }
    return Math.exp(nats / tokens);
  }

  /** Each fact's sentence. */
  static List<String> sentences(List<Fact> facts) {
    return facts.stream().map(Fact::sentence).toList();
  }
}
