package dev.pedigree.workers.engine.sampling;

import static org.bytedeco.pytorch.global.torch.log_softmax;
import static org.bytedeco.pytorch.global.torch.tensor;

import dev.pedigree.workers.engine.model.GptConfig;
import dev.pedigree.workers.engine.torch.TorchRuntime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.LongOptional;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch.ScalarType;

/**
 * Cautious Next Token Prediction (Wang et al., ACL Findings 2025), batched: where the next-token entropy is high, sample
 * several trials from that step, each until a segment end, and keep the one of lowest perplexity ({@link
 * CautiousOptions}). Every prompt gets {@code maxTrials} rows of one batch with a KV cache; a branching copies the
 * kept row into the trials' rows, and the winning trial's row is copied back. Rows that wait (a closed trial, an idle
 * or finished prompt) skip the column as a hole, so trials of different lengths share the batch. Randomness: one draw
 * of the {@link SamplingRandom} per step, so a seed fixes the output on the CPU.
 */
public final class CautiousDecoder {
  private final RowsFactory rows;

  /** Opens the batch's rows: {@code prompts} and room for {@code newColumns} columns after them. */
  @FunctionalInterface
  interface RowsFactory {
    BranchingRows open(List<int[]> prompts, int maxNewTokens, int newColumns, boolean kvCache);
  }

  /** @param weights the model's weights by name, all on one device (e.g. {@code Parameters.byName()}) */
  public CautiousDecoder(GptConfig config, Map<String, Tensor> weights) {
    this((prompts, maxNewTokens, newColumns, kvCache) ->
        new DecodingRows(config, weights, prompts, maxNewTokens, newColumns, kvCache, true));
  }

  CautiousDecoder(RowsFactory rows) {
    TorchRuntime.initialize();
    this.rows = rows;
  }

  /**
   * One completion per prompt, in order.
   *
   * @param sampling what trials (and, unless {@code greedyBetweenTrials}, ordinary steps) sample from: a temperature
   *     above 0, top-k and top-p; and the token budget, stop token and KV cache
   */
  public List<CautiousCompletion> generate(
      List<int[]> prompts, CautiousOptions cautious, SamplingOptions sampling, SamplingRandom random) {
    if (sampling.greedy()) {
      throw new IllegalArgumentException("trials sample: the temperature must be above 0");
    }
    int lanes = cautious.maxTrials();
    List<int[]> rowPrompts = new ArrayList<>();
    List<CautiousPrompt> states = new ArrayList<>();
    for (int[] prompt : prompts) {
      states.add(new CautiousPrompt(rowPrompts.size(), prompt.length, cautious, sampling));
      for (int lane = 0; lane < lanes; lane++) {
        rowPrompts.add(prompt);
      }
    }
    int rowCount = rowPrompts.size();
    try (PointerScope generation = new PointerScope(); NoGradGuard noGrad = new NoGradGuard()) {
      BranchingRows batch =
          rows.open(rowPrompts, sampling.maxNewTokens(), newColumns(cautious, sampling), sampling.kvCache());
      while (true) {
        long[] sampled;
        long[] greedy;
        double[] logProbability;
        try (PointerScope step = new PointerScope()) {
          Tensor scores = TokenChoice.truncated(batch.nextTokenLogits(), sampling);
          Tensor logProbabilities = log_softmax(scores, -1);
          long[] source = new long[rowCount];
          for (int row = 0; row < rowCount; row++) {
            source[row] = row;
          }
          List<Long> from = new ArrayList<>();
          List<Long> to = new ArrayList<>();
          double[] entropy = doubles(entropyOf(logProbabilities), rowCount);
          for (int p = 0; p < states.size(); p++) {
            for (int trialRow : states.get(p).plan(entropy, source)) {
              from.add((long) p * lanes);
              to.add((long) trialRow);
            }
          }
          batch.copyRows(longs(from), longs(to));
          Tensor index = tensor(source).to(scores.device(), ScalarType.Long);
          Tensor drawnFrom = scores.index_select(0, index);
          Tensor tokens = TokenChoice.sample(drawnFrom, random);
          sampled = Sampler.toLongs(tokens, rowCount);
          greedy = Sampler.toLongs(drawnFrom.argmax(new LongOptional(-1), false), rowCount);
          logProbability = doubles(logProbabilities.index_select(0, index).gather(1, tokens.unsqueeze(1)), rowCount);
        }
        long[] column = new long[rowCount];
        boolean[] real = new boolean[rowCount];
        List<Long> winners = new ArrayList<>();
        List<Long> keptRows = new ArrayList<>();
        for (int p = 0; p < states.size(); p++) {
          int winner = states.get(p).take(sampled, greedy, logProbability, column, real);
          if (winner >= 0) {
            winners.add((long) winner);
            keptRows.add((long) p * lanes);
          }
        }
        if (states.stream().allMatch(CautiousPrompt::done)) {
          break;
        }
        batch.append(column, real);
        batch.copyRows(longs(winners), longs(keptRows));
      }
    }
    return states.stream().map(CautiousPrompt::completion).toList();
  }

  /**
   * Columns the rows may need after the prompts. Without trials, one per token but the last. With them, a branching
   * lasts as long as its longest trial and keeps at least one token, so with {@code k} tokens kept it lasts at most
   * {@code maxNewTokens − k} steps: at most {@code maxNewTokens (maxNewTokens + 1) / 2} steps in all.
   */
  private static int newColumns(CautiousOptions cautious, SamplingOptions sampling) {
    int budget = sampling.maxNewTokens();
    return cautious.maxTrials() == 1 ? budget - 1 : budget * (budget + 1) / 2;
  }

  /** Entropy (nats) per row of log-probabilities {@code (rows, vocab)}; tokens of probability 0 add nothing. */
  static Tensor entropyOf(Tensor logProbabilities) {
    Tensor probabilities = logProbabilities.exp();
    return probabilities.mul(logProbabilities).masked_fill(probabilities.eq(new Scalar(0)), new Scalar(0)).sum(-1)
        .neg();
  }

  private static double[] doubles(Tensor values, int count) {
    double[] result = new double[count];
    new DoublePointer(values.to(ScalarType.Double).cpu().contiguous().data_ptr_double()).get(result);
    return result;
  }

  private static long[] longs(List<Long> values) {
    return values.stream().mapToLong(Long::longValue).toArray();
  }
}
