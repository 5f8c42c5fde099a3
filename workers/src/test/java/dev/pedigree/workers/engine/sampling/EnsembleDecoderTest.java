package dev.pedigree.workers.engine.sampling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.pedigree.workers.engine.IncompatibleModelsException;
import dev.pedigree.workers.engine.model.Gpt;
import dev.pedigree.workers.engine.model.GptConfig;
import dev.pedigree.workers.engine.model.PositionEncoding;
import dev.pedigree.workers.engine.torch.TorchRuntime;
import java.util.Arrays;
import java.util.List;
import org.bytedeco.pytorch.Scalar;
import org.junit.jupiter.api.Test;

class EnsembleDecoderTest {
  private static final List<int[]> PROMPTS =
      List.of(new int[] {72, 101, 108, 108, 111, 32, 81}, new int[] {33, 32, 81}, new int[] {84, 104, 101, 81});
  private static final GptConfig NARROW = new GptConfig(2, 32, 4, 40, 256, false, PositionEncoding.ROTARY);
  private static final GptConfig WIDE = new GptConfig(1, 48, 4, 40, 256, false, PositionEncoding.ROTARY);
  private static final Gpt FIRST = peaked(NARROW, 11);
  private static final Gpt SECOND = peaked(NARROW, 12);
  private static final Gpt THIRD = peaked(WIDE, 13);

  /** Random weights scaled up, so that next-token distributions are peaked and greedy paths differ by model. */
  private static Gpt peaked(GptConfig config, long seed) {
    Gpt model = Gpt.initialize(config, seed, TorchRuntime.device("cpu"));
    model.parameters().values().mul_(new Scalar(8.0));
    return model;
  }

  private static EnsembleDecoder.Member member(Gpt model) {
    return new EnsembleDecoder.Member(model.config(), model.parameters().byName());
  }

  private static List<Completion> greedy(Gpt model) {
    return new Sampler(model.config(), model.parameters().byName())
        .generate(PROMPTS, SamplingOptions.greedy(12), SamplingRandom.seeded(1));
  }

  @Test
  void oneMemberDecodesWhatPlainGreedyDecodesTokenForToken() {
    for (Gpt model : List.of(FIRST, THIRD)) {
      List<Completion> expected = greedy(model);
      for (EnsembleWeighting weighting : List.of(EnsembleWeighting.uniform(), EnsembleWeighting.core())) {
        List<EnsembleCompletion> decoded =
            new EnsembleDecoder(List.of(member(model))).generate(PROMPTS, weighting, SamplingOptions.greedy(12));
        for (int row = 0; row < PROMPTS.size(); row++) {
          assertThat(decoded.get(row).completion().tokens()).containsExactly(expected.get(row).tokens());
          assertThat(decoded.get(row).meanWeights()).containsExactly(new double[] {1.0}, within(1e-12));
        }
      }
    }
  }

  @Test
  void copiesOfOneModelDecodeWhatTheModelDecodesAlone() {
    List<Completion> expected = greedy(SECOND);
    List<EnsembleCompletion> decoded = new EnsembleDecoder(List.of(member(SECOND), member(SECOND), member(SECOND)))
        .generate(PROMPTS, EnsembleWeighting.core(), SamplingOptions.greedy(12));
    for (int row = 0; row < PROMPTS.size(); row++) {
      assertThat(decoded.get(row).completion().tokens()).containsExactly(expected.get(row).tokens());
      assertThat(decoded.get(row).meanWeights())
          .containsExactly(new double[] {1 / 3.0, 1 / 3.0, 1 / 3.0}, within(1e-9));
    }
  }

  @Test
  void membersOfDifferentWidthsDecodeTheSameWithAndWithoutTheKvCache() {
    EnsembleDecoder decoder = new EnsembleDecoder(List.of(member(FIRST), member(SECOND), member(THIRD)));
    List<EnsembleCompletion> cached = decoder.generate(PROMPTS, EnsembleWeighting.core(), SamplingOptions.greedy(12));
    List<EnsembleCompletion> recomputed =
        decoder.generate(PROMPTS, EnsembleWeighting.core(), SamplingOptions.greedy(12).withKvCache(false));
    List<Completion> alone = greedy(FIRST);
    boolean differsFromTheFirstMember = false;
    for (int row = 0; row < PROMPTS.size(); row++) {
      assertThat(cached.get(row).completion().tokens()).containsExactly(recomputed.get(row).completion().tokens());
      double[] weights = cached.get(row).meanWeights();
      assertThat(weights).hasSize(3);
      assertThat(Arrays.stream(weights).min().orElseThrow()).isGreaterThan(0);
      assertThat(Arrays.stream(weights).sum()).isCloseTo(1.0, within(1e-9));
      differsFromTheFirstMember |=
          !Arrays.equals(cached.get(row).completion().tokens(), alone.get(row).tokens());
    }
    assertThat(differsFromTheFirstMember).isTrue();
  }

  @Test
  void aRowStopsAtTheStopToken() {
    EnsembleDecoder decoder = new EnsembleDecoder(List.of(member(FIRST), member(THIRD)));
    int[] free = decoder.generate(PROMPTS, EnsembleWeighting.uniform(), SamplingOptions.greedy(12)).get(0)
        .completion().tokens();
    Completion stopped = decoder.generate(PROMPTS, EnsembleWeighting.uniform(),
        SamplingOptions.greedy(12).withStopToken(free[3])).get(0).completion();
    assertThat(stopped.stopped()).isTrue();
    assertThat(stopped.tokens()[stopped.tokens().length - 1]).isEqualTo(free[3]);
    assertThat(stopped.tokens().length).isLessThanOrEqualTo(4);
  }

  @Test
  void rejectsMembersOfAnotherVocabularyAndSampling() {
    GptConfig otherVocabulary = new GptConfig(1, 32, 4, 40, 300, false, PositionEncoding.ROTARY);
    Gpt other = Gpt.initialize(otherVocabulary, 1, TorchRuntime.device("cpu"));
    assertThatThrownBy(() -> new EnsembleDecoder(List.of(member(FIRST), member(other))))
        .isInstanceOf(IncompatibleModelsException.class).hasMessageContaining("300");
    assertThatThrownBy(() -> new EnsembleDecoder(List.of(member(FIRST)))
        .generate(PROMPTS, EnsembleWeighting.core(), SamplingOptions.sampled(4, 1.0, 0, 1.0)))
        .hasMessageContaining("greedy");
  }
}
