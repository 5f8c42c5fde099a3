package dev.pedigree.workers.engine.sampling;

import static org.bytedeco.pytorch.global.torch.tensor;

import dev.pedigree.workers.engine.model.Gpt;
import dev.pedigree.workers.engine.model.GptConfig;
import dev.pedigree.workers.engine.model.KvCache;
import dev.pedigree.workers.engine.torch.Autocast;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.bytedeco.pytorch.Device;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch.ScalarType;

/**
 * The rows of one batched generation: left-padded prompts that grow by one token column per step, and their key/value
 * cache when enabled. Tensors are allocated in the caller's {@code PointerScope}.
 */
final class DecodingRows implements BranchingRows {
  private final GptConfig config;
  private final Map<String, Tensor> weights;
  private final PaddedRows sequence;
  private final KvCache cache;
  private final boolean autocast;
  private boolean prefilled;

  DecodingRows(GptConfig config, Map<String, Tensor> weights, List<int[]> prompts, int maxNewTokens, boolean kvCache) {
    this(config, weights, prompts, maxNewTokens, maxNewTokens - 1, kvCache, true);
  }

  /**
   * @param maxNewTokens how many real tokens a row may add after its prompt (the last one emitted, never fed back)
   * @param newColumns how many columns may follow the prompts, holes included (at least {@code maxNewTokens - 1})
   * @param autocast whether fp32 weights on CUDA compute in bf16 ({@link Autocast}); false computes in their type
   */
  DecodingRows(GptConfig config, Map<String, Tensor> weights, List<int[]> prompts, int maxNewTokens, int newColumns,
      boolean kvCache, boolean autocast) {
    checkFits(config, prompts, maxNewTokens);
    this.config = config;
    this.weights = weights;
    this.autocast = autocast;
    Tensor embedding = weights.get("wte.weight");
    int capacity = prompts.stream().mapToInt(prompt -> prompt.length).max().orElseThrow() + newColumns;
    this.sequence = new PaddedRows(prompts, capacity, embedding.device());
    this.cache = kvCache
        ? KvCache.allocate(config, prompts.size(), capacity, embedding.device(), embedding.scalar_type()) : null;
  }

  /** Logits {@code (rows, vocab)} for each row's next token. */
  @Override
  public Tensor nextTokenLogits() {
    // With a cache, the first call feeds the prompts and later calls the one newest column; without, everything.
    int start = cache == null || !prefilled ? 0 : sequence.length() - 1;
    prefilled = true;
    int count = sequence.length() - start;
    Tensor tokens = sequence.tokens(start, count);
    Tensor positions = sequence.positions(start, count);
    Tensor mask = sequence.attentionMask(start, count);
    if (!autocast) {
      return logits(tokens, positions, mask);
    }
    try (Autocast bf16 = Autocast.bf16For(weights)) {
      return logits(tokens, positions, mask);
    }
  }

  private Tensor logits(Tensor tokens, Tensor positions, Tensor mask) {
    return cache == null
        ? Gpt.nextTokenLogits(config, weights, tokens, positions, mask)
        : Gpt.nextTokenLogits(config, weights, tokens, positions, mask, cache);
  }

  void append(long[] column) {
    sequence.append(column);
  }

  /** One more column, with a hole in each row that is not {@code real} (see {@link PaddedRows}). */
  @Override
  public void append(long[] column, boolean[] real) {
    sequence.append(column, real);
  }

  /** Makes each row {@code to[i]} a copy of row {@code from[i]}: its tokens, holes and cached keys and values. */
  @Override
  public void copyRows(long[] from, long[] to) {
    for (int i = 0; i < from.length; i++) {
      sequence.copyRow((int) from[i], (int) to[i]);
    }
    if (cache != null && from.length > 0) {
      Device device = weights.get("wte.weight").device();
      cache.copyRows(tensor(from).to(device, ScalarType.Long), tensor(to).to(device, ScalarType.Long));
    }
  }

  private static void checkFits(GptConfig config, List<int[]> prompts, int maxNewTokens) {
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
}
