package dev.pedigree.workers.engine.sampling;

import dev.pedigree.workers.engine.model.Gpt;
import dev.pedigree.workers.engine.model.GptConfig;
import dev.pedigree.workers.engine.model.KvCache;
import dev.pedigree.workers.engine.torch.Autocast;
import dev.pedigree.workers.engine.torch.TorchRuntime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.bytedeco.javacpp.LongPointer;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Device;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Tensor;

/**
 * Batched autoregressive generation from a GPT's weights. Prompts of different lengths are left-padded, with per-row
 * positions and masked padding. Every prompt token and generated token must fit in the model's context:
 * {@code longest prompt + maxNewTokens - 1 <= contextLength} (the last token is emitted, never fed back).
 */
public final class Sampler {
  private final GptConfig config;
  private final Map<String, Tensor> weights;

  /** @param weights the model's weights by name, all on one device (e.g. {@code Parameters.byName()}) */
  public Sampler(GptConfig config, Map<String, Tensor> weights) {
    TorchRuntime.initialize();
    this.config = config;
    this.weights = weights;
  }

  /** One completion per prompt, in order; {@code random} advances by one draw per step unless the options are greedy. */
  public List<Completion> generate(List<int[]> prompts, SamplingOptions options, SamplingRandom random) {
    checkFits(prompts, options.maxNewTokens());
    int rows = prompts.size();
    List<GrowingRow> completions = new ArrayList<>();
    for (int row = 0; row < rows; row++) {
      completions.add(new GrowingRow(options.maxNewTokens()));
    }
    try (PointerScope generation = new PointerScope(); NoGradGuard noGrad = new NoGradGuard()) {
      Tensor embedding = weights.get("wte.weight");
      Device device = embedding.device();
      int capacity = prompts.stream().mapToInt(prompt -> prompt.length).max().orElseThrow()
          + options.maxNewTokens() - 1;
      PaddedRows sequence = new PaddedRows(prompts, capacity, device);
      KvCache cache = options.kvCache() ? KvCache.allocate(config, rows, capacity, device, embedding.scalar_type()) : null;
      for (int step = 0; step < options.maxNewTokens(); step++) {
        long[] next;
        try (PointerScope stepScope = new PointerScope()) {
          Tensor logits = nextTokenLogits(sequence, cache, step, device);
          next = toLongs(TokenChoice.choose(logits, options, random), rows);
        }
        boolean allDone = true;
        for (int row = 0; row < rows; row++) {
          GrowingRow completion = completions.get(row);
          if (completion.stopped) {
            next[row] = PaddedRows.PAD_TOKEN;
          } else {
            completion.add((int) next[row], options);
          }
          allDone &= completion.stopped;
        }
        if (allDone || step == options.maxNewTokens() - 1) {
          break;
        }
        sequence.append(next);
      }
    }
    return completions.stream().map(GrowingRow::toCompletion).toList();
  }

  /** With a cache, the first step feeds the prompts and later steps the one newest column; without, everything. */
  private Tensor nextTokenLogits(PaddedRows sequence, KvCache cache, int step, Device device) {
    int start = cache == null || step == 0 ? 0 : sequence.length() - 1;
    int count = sequence.length() - start;
    Tensor tokens = sequence.tokens(start, count);
    Tensor positions = sequence.positions(start, count);
    Tensor mask = sequence.attentionMask(start, count);
    try (Autocast autocast = Autocast.bf16For(weights)) {
      return cache == null
          ? Gpt.nextTokenLogits(config, weights, tokens, positions, mask)
          : Gpt.nextTokenLogits(config, weights, tokens, positions, mask, cache);
    }
  }

  private void checkFits(List<int[]> prompts, int maxNewTokens) {
    if (prompts.isEmpty()) {
      throw new IllegalArgumentException("no prompts");
    }
    for (int row = 0; row < prompts.size(); row++) {
      int[] prompt = prompts.get(row);
      if (prompt.length == 0) {
        throw new IllegalArgumentException("prompt " + row + " is empty");
      }
      if (Arrays.stream(prompt).anyMatch(token -> token < 0 || token >= config.vocabSize())) {
        throw new IllegalArgumentException("prompt " + row + " has a token outside [0, " + config.vocabSize() + ")");
      }
      if (prompt.length + maxNewTokens - 1 > config.contextLength()) {
        throw new IllegalArgumentException("prompt " + row + " (" + prompt.length + " tokens) plus " + maxNewTokens
            + " new tokens exceeds the context of " + config.contextLength());
      }
    }
  }

  private static long[] toLongs(Tensor ids, int count) {
    long[] values = new long[count];
    new LongPointer(ids.cpu().contiguous().data_ptr_long()).get(values);
    return values;
  }

  private static final class GrowingRow {
    private final int[] tokens;
    private int size;
    private boolean stopped;

    GrowingRow(int maxTokens) {
      this.tokens = new int[maxTokens];
    }

    void add(int token, SamplingOptions options) {
      tokens[size++] = token;
      stopped = options.stopToken().isPresent() && options.stopToken().getAsInt() == token;
    }

    Completion toCompletion() {
      return new Completion(Arrays.copyOf(tokens, size), stopped);
    }
  }
}
