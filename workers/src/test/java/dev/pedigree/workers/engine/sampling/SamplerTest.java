package dev.pedigree.workers.engine.sampling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pedigree.workers.engine.model.Gpt;
import dev.pedigree.workers.engine.model.GptConfig;
import dev.pedigree.workers.engine.model.PositionEncoding;
import dev.pedigree.workers.engine.torch.TorchRuntime;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.bytedeco.pytorch.Scalar;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class SamplerTest {
  private static final List<int[]> PROMPTS =
      List.of(new int[] {72, 101, 108, 108, 111}, new int[] {33}, new int[] {84, 104, 101});

  private static Sampler sampler(PositionEncoding positions) {
    GptConfig config = new GptConfig(2, 32, 4, 80, 256, positions == PositionEncoding.LEARNED, positions);
    Gpt model = Gpt.initialize(config, 11, TorchRuntime.device("cpu"));
    // A larger weight scale than initialization's gives peaked distributions, so greedy choices are not near-ties.
    model.parameters().values().mul_(new Scalar(8.0));
    return new Sampler(config, model.parameters().byName());
  }

  @ParameterizedTest
  @EnumSource(PositionEncoding.class)
  void greedyDecodingIsTheSameWithAndWithoutTheKvCache(PositionEncoding positions) {
    Sampler sampler = sampler(positions);
    List<Completion> cached = sampler.generate(PROMPTS, SamplingOptions.greedy(24), SamplingRandom.seeded(1));
    List<Completion> recomputed =
        sampler.generate(PROMPTS, SamplingOptions.greedy(24).withKvCache(false), SamplingRandom.seeded(1));
    assertThat(tokens(cached)).isDeepEqualTo(tokens(recomputed));
    assertThat(cached).allSatisfy(completion -> assertThat(completion.tokens()).hasSize(24));
  }

  @ParameterizedTest
  @EnumSource(PositionEncoding.class)
  void aPaddedRowGeneratesWhatItWouldAlone(PositionEncoding positions) {
    Sampler sampler = sampler(positions);
    List<Completion> batched = sampler.generate(PROMPTS, SamplingOptions.greedy(12), SamplingRandom.seeded(1));
    for (int row = 0; row < PROMPTS.size(); row++) {
      Completion alone =
          sampler.generate(List.of(PROMPTS.get(row)), SamplingOptions.greedy(12), SamplingRandom.seeded(1)).get(0);
      assertThat(batched.get(row).tokens()).as("row %d", row).containsExactly(alone.tokens());
    }
  }

  @Test
  void samplingWithASeedIsReproducibleAndResumableFromSeedAndDraws() {
    Sampler sampler = sampler(PositionEncoding.ROTARY);
    SamplingOptions options = SamplingOptions.sampled(16, 1.0, 0, 1.0);
    SamplingRandom random = SamplingRandom.seeded(42);
    int[][] first = tokens(sampler.generate(PROMPTS, options, random));
    assertThat(random.draws()).isEqualTo(16);
    int[][] second = tokens(sampler.generate(PROMPTS, options, random));

    SamplingRandom again = SamplingRandom.seeded(42);
    assertThat(tokens(sampler.generate(PROMPTS, options, again))).isDeepEqualTo(first);
    assertThat(tokens(sampler.generate(PROMPTS, options, SamplingRandom.at(42, 16)))).isDeepEqualTo(second);
    assertThat(tokens(sampler.generate(PROMPTS, options, SamplingRandom.seeded(43)))).isNotEqualTo(first);
    assertThat(second).isNotEqualTo(first);
  }

  @Test
  void topKOfOneAndATinyNucleusAreGreedy() {
    Sampler sampler = sampler(PositionEncoding.LEARNED);
    int[][] greedy = tokens(sampler.generate(PROMPTS, SamplingOptions.greedy(16), SamplingRandom.seeded(1)));
    assertThat(tokens(sampler.generate(PROMPTS, SamplingOptions.sampled(16, 1.5, 1, 1.0), SamplingRandom.seeded(7))))
        .isDeepEqualTo(greedy);
    assertThat(tokens(sampler.generate(PROMPTS, SamplingOptions.sampled(16, 1.5, 0, 1e-6), SamplingRandom.seeded(7))))
        .isDeepEqualTo(greedy);
  }

  @Test
  void topKLimitsTheTokensThatCanAppear() {
    Sampler sampler = sampler(PositionEncoding.LEARNED);
    List<int[]> prompt = List.of(new int[] {65});
    SamplingOptions firstTokenOnly = SamplingOptions.sampled(1, 5.0, 3, 1.0);
    SamplingRandom random = SamplingRandom.seeded(3);
    long distinct = IntStream.range(0, 40)
        .map(draw -> sampler.generate(prompt, firstTokenOnly, random).get(0).tokens()[0])
        .distinct()
        .count();
    assertThat(distinct).isBetween(2L, 3L);
  }

  @Test
  void aRowEndsOnItsStopTokenAndKeepsIt() {
    Sampler sampler = sampler(PositionEncoding.LEARNED);
    int[] free = sampler.generate(PROMPTS.subList(0, 1), SamplingOptions.greedy(10), SamplingRandom.seeded(1))
        .get(0).tokens();
    int stop = free[4];
    int firstStop = Arrays.stream(free).boxed().toList().indexOf(stop);
    List<Completion> completions =
        sampler.generate(PROMPTS, SamplingOptions.greedy(10).withStopToken(stop), SamplingRandom.seeded(1));
    assertThat(completions.get(0).stopped()).isTrue();
    assertThat(completions.get(0).tokens()).containsExactly(Arrays.copyOf(free, firstStop + 1));
  }

  @Test
  void rejectsPromptsThatDoNotFitTheContext() {
    Sampler sampler = sampler(PositionEncoding.LEARNED);
    assertThatThrownBy(() -> sampler.generate(List.of(new int[70]), SamplingOptions.greedy(12), SamplingRandom.seeded(1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("context of 80");
    assertThatThrownBy(() -> sampler.generate(List.of(new int[] {256}), SamplingOptions.greedy(1),
        SamplingRandom.seeded(1))).hasMessageContaining("outside [0, 256)");
  }

  /** Not a timing assertion: prints the two paths' times on a 64-token generation for the report. */
  @Test
  void theKvCacheIsFasterThanRecomputingOn64Tokens() {
    GptConfig config = new GptConfig(4, 128, 4, 128, 256, true, PositionEncoding.ROTARY);
    Gpt model = Gpt.initialize(config, 5, TorchRuntime.device("cpu"));
    Sampler sampler = new Sampler(config, model.parameters().byName());
    List<int[]> prompts = List.of(new int[16], new int[16], new int[16], new int[16]);
    SamplingOptions options = SamplingOptions.greedy(64);
    sampler.generate(prompts, options, SamplingRandom.seeded(1));
    long cached = millis(() -> sampler.generate(prompts, options, SamplingRandom.seeded(1)));
    long recomputed = millis(() -> sampler.generate(prompts, options.withKvCache(false), SamplingRandom.seeded(1)));
    System.out.printf("64 new tokens, batch 4, prompt 16, 4x128 rotary GPT, %d threads: KV cache %d ms, "
        + "recompute %d ms%n", TorchRuntime.threads(), cached, recomputed);
  }

  private static long millis(Runnable work) {
    long started = System.nanoTime();
    work.run();
    return (System.nanoTime() - started) / 1_000_000;
  }

  private static int[][] tokens(List<Completion> completions) {
    return completions.stream().map(Completion::tokens).toArray(int[][]::new);
  }
}
