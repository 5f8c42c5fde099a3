package dev.pedigree.workers.engine.sampling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.bytedeco.pytorch.global.torch.tensor;

import dev.pedigree.workers.engine.model.Gpt;
import dev.pedigree.workers.engine.model.GptConfig;
import dev.pedigree.workers.engine.model.PositionEncoding;
import dev.pedigree.workers.engine.torch.TorchRuntime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.junit.jupiter.api.Test;

class CautiousDecoderTest {
  private static final float IMPOSSIBLE = Float.NEGATIVE_INFINITY;
  private static final int STOP = 4;
  private static final SamplingOptions TRIAL_SAMPLING = SamplingOptions.sampled(5, 1.0, 0, 1.0).withStopToken(STOP);
  private static final List<int[]> PROMPTS =
      List.of(new int[] {72, 101, 108, 108, 111}, new int[] {33}, new int[] {84, 104, 101});
  private static final GptConfig CONFIG = new GptConfig(2, 32, 4, 80, 256, false, PositionEncoding.ROTARY);

  /**
   * A model of five tokens whose next-token logits depend on the last token alone: after 0, tokens 1 and 2 are equally
   * likely (entropy ln 2); after 1, tokens 3 and 4 are; after 2 and 3, token 4 is certain. With 3 and 4 as segment
   * ends, a trial from 0 is {@code [2, 4]} (perplexity √2) or {@code [1, 3]} or {@code [1, 4]} (perplexity 2).
   */
  private static final Map<Integer, float[]> FORKING = Map.of(
      0, new float[] {IMPOSSIBLE, 0, 0, IMPOSSIBLE, IMPOSSIBLE},
      1, new float[] {IMPOSSIBLE, IMPOSSIBLE, IMPOSSIBLE, 0, 0},
      2, new float[] {IMPOSSIBLE, IMPOSSIBLE, IMPOSSIBLE, IMPOSSIBLE, 0},
      3, new float[] {IMPOSSIBLE, IMPOSSIBLE, IMPOSSIBLE, IMPOSSIBLE, 0});

  /** As {@link #FORKING}, but after 2 the segment end 3 is certain: the trial [2, 3] wins and decoding goes on. */
  private static final Map<Integer, float[]> RESUMING = Map.of(
      0, new float[] {IMPOSSIBLE, 0, 0, IMPOSSIBLE, IMPOSSIBLE},
      1, new float[] {IMPOSSIBLE, IMPOSSIBLE, IMPOSSIBLE, 0, 0},
      2, new float[] {IMPOSSIBLE, IMPOSSIBLE, IMPOSSIBLE, 0, IMPOSSIBLE},
      3, new float[] {IMPOSSIBLE, IMPOSSIBLE, IMPOSSIBLE, IMPOSSIBLE, 0});

  /** Every step certain: 0 → 2 → 3 → 4. */
  private static final Map<Integer, float[]> CERTAIN = Map.of(
      0, new float[] {IMPOSSIBLE, IMPOSSIBLE, 0, IMPOSSIBLE, IMPOSSIBLE},
      2, new float[] {IMPOSSIBLE, IMPOSSIBLE, IMPOSSIBLE, 0, IMPOSSIBLE},
      3, new float[] {IMPOSSIBLE, IMPOSSIBLE, IMPOSSIBLE, IMPOSSIBLE, 0});

  private static final CautiousOptions BRANCH_ON_LN2 = new CautiousOptions(0.1, 0.5, 4, Set.of(3, STOP), true);

  @Test
  void aZeroEntropyStepIsAnOrdinaryStepEvenWithSampledSteps() {
    CautiousCompletion decoded = stub(CERTAIN, CautiousOptions.cntp(8, Set.of(3, STOP), false), 1);
    assertThat(decoded.completion().tokens()).containsExactly(2, 3, STOP);
    assertThat(decoded.completion().stopped()).isTrue();
    assertThat(decoded.branchings()).isZero();
    // The prompt (1 token), then tokens 2 and 3 fed back; the stop token is never forwarded.
    assertThat(decoded.tokensForwarded()).isEqualTo(3);
  }

  @Test
  void aHighEntropyStepSamplesEveryTrialAndKeepsTheOneOfLowestPerplexity() {
    CautiousCompletion greedy = stub(FORKING, CautiousOptions.plain(true), 1);
    assertThat(greedy.completion().tokens()).as("argmax takes the first of tied tokens").containsExactly(1, 3, STOP);
    assertThat(greedy.tokensForwarded()).isEqualTo(3);

    CautiousCompletion cautious = stub(FORKING, BRANCH_ON_LN2, 1);
    assertThat(cautious.completion().tokens()).containsExactly(2, STOP);
    assertThat(cautious.branchings()).isEqualTo(1);
    assertThat(cautious.trials()).isEqualTo(4);
    // The prompt; the branching step's distribution serves every trial's first token; each of the 4 trials then
    // forwards that token for its second, a segment end that closes it.
    assertThat(cautious.tokensForwarded()).isEqualTo(1 + 4);
  }

  @Test
  void decodingGoesOnFromTheWinningTrial() {
    CautiousCompletion decoded = stub(RESUMING, BRANCH_ON_LN2, 1);
    assertThat(decoded.completion().tokens()).containsExactly(2, 3, STOP);
    assertThat(decoded.branchings()).isEqualTo(1);
    // The prompt, the 4 trials' first tokens, then the winner's segment end 3 for the certain stop token.
    assertThat(decoded.tokensForwarded()).isEqualTo(1 + 4 + 1);
  }

  @Test
  void withoutBranchingItDecodesWhatTheGreedySamplerDecodes() {
    Gpt model = Gpt.initialize(CONFIG, 11, TorchRuntime.device("cpu"));
    model.parameters().values().mul_(new Scalar(8.0));
    List<Completion> expected = new Sampler(CONFIG, model.parameters().byName())
        .generate(PROMPTS, SamplingOptions.greedy(12), SamplingRandom.seeded(1));
    // Thresholds above ln 256, the largest entropy over 256 tokens: four rows per prompt, never a branching.
    CautiousOptions neverBranches = new CautiousOptions(6, 6, 4, Set.of(32), true);
    for (CautiousOptions options : List.of(CautiousOptions.plain(true), neverBranches)) {
      for (boolean kvCache : List.of(true, false)) {
        List<CautiousCompletion> decoded = new CautiousDecoder(CONFIG, model.parameters().byName()).generate(PROMPTS,
            options, SamplingOptions.sampled(12, 1.0, 0, 1.0).withKvCache(kvCache), SamplingRandom.seeded(5));
        for (int row = 0; row < PROMPTS.size(); row++) {
          assertThat(decoded.get(row).completion().tokens()).containsExactly(expected.get(row).tokens());
          assertThat(decoded.get(row).tokensForwarded()).isEqualTo(PROMPTS.get(row).length + 12 - 1);
          assertThat(decoded.get(row).branchings()).isZero();
        }
      }
    }
  }

  @Test
  void aSeedFixesEveryBranchingOfARealModel() {
    // Unscaled initial weights: next-token distributions close to uniform, so every step branches into 3 trials.
    Gpt model = Gpt.initialize(CONFIG, 12, TorchRuntime.device("cpu"));
    CautiousDecoder decoder = new CautiousDecoder(CONFIG, model.parameters().byName());
    CautiousOptions options = CautiousOptions.cntp(3, Set.of(32, 46), false);
    SamplingOptions sampling = SamplingOptions.sampled(10, 1.0, 0, 1.0);
    List<CautiousCompletion> first = decoder.generate(PROMPTS, options, sampling, SamplingRandom.seeded(3));
    List<CautiousCompletion> again = decoder.generate(PROMPTS, options, sampling, SamplingRandom.seeded(3));
    List<CautiousCompletion> otherSeed = decoder.generate(PROMPTS, options, sampling, SamplingRandom.seeded(4));
    assertThat(summary(again)).isEqualTo(summary(first));
    assertThat(summary(otherSeed)).isNotEqualTo(summary(first));
    for (int row = 0; row < PROMPTS.size(); row++) {
      CautiousCompletion completion = first.get(row);
      assertThat(completion.completion().tokens()).hasSize(10);
      assertThat(completion.branchings()).isPositive();
      assertThat(completion.trials()).isEqualTo(3 * completion.branchings());
      // More than plain decoding's prompt + 9: discarded trials were forwarded too.
      assertThat(completion.tokensForwarded()).isGreaterThan(PROMPTS.get(row).length + 9L);
    }
  }

  @Test
  void rejectsGreedySamplingAndBadSchedules() {
    CautiousDecoder decoder = new CautiousDecoder((prompts, maxNewTokens, newColumns, kvCache) -> {
      throw new AssertionError("never opened");
    });
    assertThatThrownBy(() -> decoder.generate(PROMPTS, CautiousOptions.plain(true), SamplingOptions.greedy(4),
        SamplingRandom.seeded(1))).hasMessageContaining("temperature");
    assertThatThrownBy(() -> new CautiousOptions(1.5, 0.01, 4, Set.of(), false)).hasMessageContaining("entropyLow");
    assertThatThrownBy(() -> CautiousOptions.cntp(0, Set.of(), false)).hasMessageContaining("maxTrials");
  }

  @Test
  void thePapersScheduleGrowsLinearlyInEntropyBetweenItsThresholds() {
    CautiousOptions options = CautiousOptions.cntp(10, Set.of(), false);
    assertThat(options.trials(0)).isEqualTo(1);
    assertThat(options.trials(0.01)).isEqualTo(1);
    assertThat(options.trials(0.755)).isEqualTo(5); // 1 + ⌊9 · 0.5⌋
    assertThat(options.trials(1.4)).isEqualTo(9);
    assertThat(options.trials(1.5)).isEqualTo(10);
    assertThat(options.trials(4)).isEqualTo(10);
    assertThat(CautiousOptions.bestOfN(3).trials(0)).isEqualTo(3);
    assertThat(CautiousOptions.plain(false).trials(9)).isEqualTo(1);
  }

  private static List<String> summary(List<CautiousCompletion> completions) {
    return completions.stream().map(c -> Arrays.toString(c.completion().tokens()) + " " + c.tokensForwarded() + " "
        + c.branchings()).toList();
  }

  private static CautiousCompletion stub(Map<Integer, float[]> model, CautiousOptions options, long seed) {
    return new CautiousDecoder((prompts, maxNewTokens, newColumns, kvCache) -> new LastTokenRows(prompts, model))
        .generate(List.of(new int[] {0}), options, TRIAL_SAMPLING, SamplingRandom.seeded(seed)).get(0);
  }

  /** Rows whose next-token logits are a function of their last real token. */
  private static final class LastTokenRows implements BranchingRows {
    private final List<List<Long>> rows = new ArrayList<>();
    private final Map<Integer, float[]> model;

    LastTokenRows(List<int[]> prompts, Map<Integer, float[]> model) {
      this.model = model;
      for (int[] prompt : prompts) {
        rows.add(new ArrayList<>(Arrays.stream(prompt).mapToObj(token -> (long) token).toList()));
      }
    }

    @Override
    public Tensor nextTokenLogits() {
      float[] logits = new float[rows.size() * 5];
      for (int row = 0; row < rows.size(); row++) {
        List<Long> tokens = rows.get(row);
        float[] next = model.getOrDefault(tokens.get(tokens.size() - 1).intValue(), new float[] {0, 0, 0, 0, 0});
        System.arraycopy(next, 0, logits, row * 5, 5);
      }
      return tensor(logits).view(rows.size(), 5);
    }

    @Override
    public void append(long[] column, boolean[] real) {
      for (int row = 0; row < rows.size(); row++) {
        if (real[row]) {
          rows.get(row).add(column[row]);
        }
      }
    }

    @Override
    public void copyRows(long[] from, long[] to) {
      for (int i = 0; i < from.length; i++) {
        rows.set((int) to[i], new ArrayList<>(rows.get((int) from[i])));
      }
    }
  }
}
