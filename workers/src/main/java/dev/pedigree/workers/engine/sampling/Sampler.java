package dev.pedigree.workers.engine.sampling;

import dev.pedigree.workers.engine.model.GptConfig;
import dev.pedigree.workers.engine.torch.TorchRuntime;
import java.util.List;
import java.util.Map;
import org.bytedeco.javacpp.LongPointer;
import org.bytedeco.javacpp.PointerScope;
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
  private final boolean autocast;

  /**
   * Computes fp32 weights in bf16 autocast on CUDA ({@link dev.pedigree.workers.engine.torch.Autocast}).
   *
   * @param weights the model's weights by name, all on one device (e.g. {@code Parameters.byName()})
   */
  public Sampler(GptConfig config, Map<String, Tensor> weights) {
    this(config, weights, true);
  }

  private Sampler(GptConfig config, Map<String, Tensor> weights, boolean autocast) {
    TorchRuntime.initialize();
    this.config = config;
    this.weights = weights;
    this.autocast = autocast;
  }

  /**
   * A sampler that computes in the weights' own type on every device: fp32 weights stay fp32 on CUDA too, the
   * fp32-compute evaluation that LayerCast (METHODS.md §4.11) asks for.
   */
  public static Sampler inWeightType(GptConfig config, Map<String, Tensor> weights) {
    return new Sampler(config, weights, false);
  }

  /** One completion per prompt, in order; {@code random} advances by one draw per step unless the options are greedy. */
  public List<Completion> generate(List<int[]> prompts, SamplingOptions options, SamplingRandom random) {
    int rows = prompts.size();
    GrowingRows completions = new GrowingRows(rows, options);
    try (PointerScope generation = new PointerScope(); NoGradGuard noGrad = new NoGradGuard()) {
      DecodingRows sequence = new DecodingRows(
          config, weights, prompts, options.maxNewTokens(), options.maxNewTokens() - 1, options.kvCache(), autocast);
      for (int step = 0; step < options.maxNewTokens(); step++) {
        long[] next;
        try (PointerScope stepScope = new PointerScope()) {
          next = toLongs(TokenChoice.choose(sequence.nextTokenLogits(), options, random), rows);
        }
        completions.add(next);
        if (completions.allStopped() || step == options.maxNewTokens() - 1) {
          break;
        }
        sequence.append(next);
      }
    }
    return completions.completions();
  }

  static long[] toLongs(Tensor ids, int count) {
    long[] values = new long[count];
    new LongPointer(ids.cpu().contiguous().data_ptr_long()).get(values);
    return values;
  }
}
