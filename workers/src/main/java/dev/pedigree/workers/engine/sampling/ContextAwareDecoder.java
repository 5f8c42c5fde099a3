package dev.pedigree.workers.engine.sampling;

import dev.pedigree.workers.engine.model.GptConfig;
import dev.pedigree.workers.engine.torch.TorchRuntime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.LongOptional;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch.ScalarType;

/**
 * Greedy context-aware decoding (CAD, AdaCAD): each prompt runs twice in one batch, with its context and without, and
 * both copies are extended with the token that {@link ContextContrast} scores highest. Deterministic: no sampling.
 */
public final class ContextAwareDecoder {
  private final GptConfig config;
  private final Map<String, Tensor> weights;

  /** @param weights the model's weights by name, all on one device (e.g. {@code Parameters.byName()}) */
  public ContextAwareDecoder(GptConfig config, Map<String, Tensor> weights) {
    TorchRuntime.initialize();
    this.config = config;
    this.weights = weights;
  }

  /**
   * One completion per row, in order.
   *
   * @param withContext each row's context and prompt
   * @param withoutContext the same rows' prompts alone
   * @param options greedy options: the token count, stop token and KV cache
   */
  public List<ContextCompletion> generate(
      List<int[]> withContext, List<int[]> withoutContext, ContextContrast contrast, SamplingOptions options) {
    if (withContext.size() != withoutContext.size()) {
      throw new IllegalArgumentException(withContext.size() + " prompts with context but " + withoutContext.size()
          + " without");
    }
    if (!options.greedy()) {
      throw new IllegalArgumentException("context-aware decoding is greedy; temperature was " + options.temperature());
    }
    int rows = withContext.size();
    List<int[]> prompts = new ArrayList<>(withContext);
    prompts.addAll(withoutContext);
    GrowingRows completions = new GrowingRows(rows, options);
    double[] alphaSums = new double[rows];
    double[] alphaMaxima = new double[rows];
    try (PointerScope generation = new PointerScope(); NoGradGuard noGrad = new NoGradGuard()) {
      DecodingRows sequence = new DecodingRows(config, weights, prompts, options.maxNewTokens(), options.kvCache());
      for (int step = 0; step < options.maxNewTokens(); step++) {
        long[] next;
        double[] alphas = new double[rows];
        try (PointerScope stepScope = new PointerScope()) {
          Tensor logits = sequence.nextTokenLogits();
          ContextContrast.Weighted weighted = contrast.weigh(logits.narrow(0, 0, rows), logits.narrow(0, rows, rows));
          next = Sampler.toLongs(weighted.scores().argmax(new LongOptional(-1), false), rows);
          Tensor alpha = weighted.alpha().to(ScalarType.Double).cpu().contiguous();
          new DoublePointer(alpha.data_ptr_double()).get(alphas);
        }
        boolean[] took = completions.add(next);
        for (int row = 0; row < rows; row++) {
          if (took[row]) {
            alphaSums[row] += alphas[row];
            alphaMaxima[row] = Math.max(alphaMaxima[row], alphas[row]);
          }
        }
        if (completions.allStopped() || step == options.maxNewTokens() - 1) {
          break;
        }
        long[] column = new long[2 * rows];
        System.arraycopy(next, 0, column, 0, rows);
        System.arraycopy(next, 0, column, rows, rows);
        sequence.append(column);
      }
    }
    List<Completion> generated = completions.completions();
    List<ContextCompletion> result = new ArrayList<>();
    for (int row = 0; row < rows; row++) {
      Completion completion = generated.get(row);
      result.add(new ContextCompletion(completion, alphaSums[row] / completion.tokens().length, alphaMaxima[row]));
    }
    return result;
  }
}
