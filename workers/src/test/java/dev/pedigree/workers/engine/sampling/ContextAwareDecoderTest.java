package dev.pedigree.workers.engine.sampling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pedigree.workers.engine.model.Gpt;
import dev.pedigree.workers.engine.model.GptConfig;
import dev.pedigree.workers.engine.model.PositionEncoding;
import dev.pedigree.workers.engine.torch.TorchRuntime;
import java.util.List;
import org.bytedeco.pytorch.Scalar;
import org.junit.jupiter.api.Test;

class ContextAwareDecoderTest {
  private static final List<int[]> WITH_CONTEXT =
      List.of(new int[] {72, 101, 108, 108, 111, 32, 81}, new int[] {33, 32, 81}, new int[] {84, 104, 101, 81});
  private static final List<int[]> WITHOUT_CONTEXT = List.of(new int[] {81}, new int[] {32, 81}, new int[] {81});
  private static final GptConfig CONFIG = new GptConfig(2, 32, 4, 80, 256, false, PositionEncoding.ROTARY);
  private static final Gpt MODEL = peakedModel();

  private static Gpt peakedModel() {
    Gpt model = Gpt.initialize(CONFIG, 11, TorchRuntime.device("cpu"));
    model.parameters().values().mul_(new Scalar(8.0));
    return model;
  }

  private static List<ContextCompletion> decode(List<int[]> withoutContext, ContextContrast contrast,
      SamplingOptions options) {
    return new ContextAwareDecoder(CONFIG, MODEL.parameters().byName())
        .generate(WITH_CONTEXT, withoutContext, contrast, options);
  }

  @Test
  void greedyModeDecodesWhatTheSamplerDecodesWithTheContext() {
    List<Completion> sampled = new Sampler(CONFIG, MODEL.parameters().byName())
        .generate(WITH_CONTEXT, SamplingOptions.greedy(12), SamplingRandom.seeded(1));
    List<ContextCompletion> decoded = decode(WITHOUT_CONTEXT, ContextContrast.greedy(), SamplingOptions.greedy(12));
    for (int row = 0; row < WITH_CONTEXT.size(); row++) {
      assertThat(decoded.get(row).completion().tokens()).containsExactly(sampled.get(row).tokens());
      assertThat(decoded.get(row).meanAlpha()).isZero();
    }
  }

  @Test
  void withoutAContrastEveryModeIsGreedyAndAdaCadsAlphaIsZero() {
    List<ContextCompletion> greedy = decode(WITH_CONTEXT, ContextContrast.greedy(), SamplingOptions.greedy(12));
    for (ContextContrast contrast : List.of(ContextContrast.cad(1.0), ContextContrast.adaCad())) {
      List<ContextCompletion> decoded = decode(WITH_CONTEXT, contrast, SamplingOptions.greedy(12));
      for (int row = 0; row < WITH_CONTEXT.size(); row++) {
        assertThat(decoded.get(row).completion().tokens()).containsExactly(greedy.get(row).completion().tokens());
      }
    }
    assertThat(decode(WITH_CONTEXT, ContextContrast.adaCad(), SamplingOptions.greedy(12)))
        .allSatisfy(completion -> assertThat(completion.maxAlpha()).isLessThan(1e-6));
  }

  @Test
  void adaCadIsTheSameWithAndWithoutTheKvCacheAndWeighsTheContrast() {
    List<ContextCompletion> cached = decode(WITHOUT_CONTEXT, ContextContrast.adaCad(), SamplingOptions.greedy(12));
    List<ContextCompletion> recomputed =
        decode(WITHOUT_CONTEXT, ContextContrast.adaCad(), SamplingOptions.greedy(12).withKvCache(false));
    for (int row = 0; row < WITH_CONTEXT.size(); row++) {
      assertThat(cached.get(row).completion().tokens()).containsExactly(recomputed.get(row).completion().tokens());
      assertThat(cached.get(row).meanAlpha()).isGreaterThan(0).isLessThanOrEqualTo(cached.get(row).maxAlpha());
      assertThat(cached.get(row).maxAlpha()).isLessThanOrEqualTo(Math.log(2));
    }
  }

  @Test
  void aRowStopsAtTheStopToken() {
    int[] free = decode(WITHOUT_CONTEXT, ContextContrast.cad(1.0), SamplingOptions.greedy(12)).get(0)
        .completion().tokens();
    int stop = free[3];
    Completion stopped = decode(WITHOUT_CONTEXT, ContextContrast.cad(1.0), SamplingOptions.greedy(12)
        .withStopToken(stop)).get(0).completion();
    assertThat(stopped.stopped()).isTrue();
    assertThat(stopped.tokens()[stopped.tokens().length - 1]).isEqualTo(stop);
    assertThat(stopped.tokens().length).isLessThanOrEqualTo(4);
  }

  @Test
  void rejectsMismatchedRowsAndSampling() {
    assertThatThrownBy(() -> decode(WITHOUT_CONTEXT.subList(0, 2), ContextContrast.adaCad(),
        SamplingOptions.greedy(4))).hasMessageContaining("3 prompts with context but 2 without");
    assertThatThrownBy(() -> decode(WITHOUT_CONTEXT, ContextContrast.adaCad(), SamplingOptions.sampled(4, 1, 0, 1)))
        .hasMessageContaining("greedy");
  }
}
