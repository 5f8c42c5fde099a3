package dev.pedigree.workers.engine.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.bytedeco.pytorch.global.torch.arange;
import static org.bytedeco.pytorch.global.torch.ones;
import static org.bytedeco.pytorch.global.torch.tensor;

import dev.pedigree.workers.engine.torch.TorchRuntime;
import dev.pedigree.workflows.spec.ModelSpec;
import org.bytedeco.pytorch.Device;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch.ScalarType;
import org.junit.jupiter.api.Test;

class GptTest {
  private static final GptConfig CONFIG = new GptConfig(2, 16, 4, 8, 256);

  @Test
  void namesParametersInAStableOrder() {
    assertThat(Gpt.layout(CONFIG)).extracting(ParameterShape::name).startsWith(
        "wte.weight", "wpe.weight", "h.0.ln_1.weight", "h.0.ln_1.bias", "h.0.attn.qkv.weight", "h.0.attn.qkv.bias",
        "h.0.attn.proj.weight", "h.0.attn.proj.bias", "h.0.ln_2.weight", "h.0.ln_2.bias", "h.0.mlp.fc.weight",
        "h.0.mlp.fc.bias", "h.0.mlp.proj.weight", "h.0.mlp.proj.bias", "h.1.ln_1.weight")
        .endsWith("ln_f.weight", "ln_f.bias")
        .hasSize(2 + 2 * 12 + 2);
    Parameters parameters = Gpt.initialize(CONFIG, 1, cpu()).parameters();
    assertThat(parameters.numel()).isEqualTo(256 * 16 + 8 * 16 + 2 * (12 * 16 * 16 + 13 * 16) + 2 * 16);
  }

  @Test
  void initializationDependsOnlyOnTheSeed() {
    Tensor first = Gpt.initialize(CONFIG, 5, cpu()).parameters().values();
    Tensor again = Gpt.initialize(CONFIG, 5, cpu()).parameters().values();
    Tensor other = Gpt.initialize(CONFIG, 6, cpu()).parameters().values();
    assertThat(again.equal(first)).isTrue();
    assertThat(other.equal(first)).isFalse();
    Parameters parameters = Gpt.initialize(CONFIG, 5, cpu()).parameters();
    assertThat(parameters.get("h.0.ln_1.weight").min().item_double()).isEqualTo(1.0);
    assertThat(parameters.get("h.0.attn.qkv.bias").abs().max().item_double()).isZero();
    assertThat(parameters.get("wte.weight").std().item_double()).isBetween(0.018, 0.022);
  }

  @Test
  void attentionIsCausal() {
    Gpt model = Gpt.initialize(CONFIG, 2, cpu());
    try (NoGradGuard noGrad = new NoGradGuard()) {
      Tensor tokens = tensor(10L, 20L, 30L, 40L, 50L, 60L).view(1, 6);
      Tensor changedLast = tensor(10L, 20L, 30L, 40L, 50L, 99L).view(1, 6);
      Tensor logits = Gpt.logits(CONFIG, model.parameters().byName(), tokens);
      Tensor changed = Gpt.logits(CONFIG, model.parameters().byName(), changedLast);
      assertThat(logits.sizes().vec().get()).containsExactly(1, 6, 256);
      assertThat(changed.narrow(1, 0, 5).equal(logits.narrow(1, 0, 5))).isTrue();
      assertThat(changed.narrow(1, 5, 1).equal(logits.narrow(1, 5, 1))).isFalse();
    }
  }

  @Test
  void anUntiedHeadAddsLmHeadLastAndRotaryDropsWpe() {
    GptConfig untiedRotary = new GptConfig(2, 16, 4, 8, 256, false, PositionEncoding.ROTARY);
    assertThat(Gpt.layout(untiedRotary)).extracting(ParameterShape::name)
        .startsWith("wte.weight", "h.0.ln_1.weight")
        .doesNotContain("wpe.weight")
        .endsWith("ln_f.weight", "ln_f.bias", "lm_head.weight");
    Parameters parameters = Gpt.initialize(untiedRotary, 1, cpu()).parameters();
    assertThat(parameters.shape("lm_head.weight")).containsExactly(256, 16);
    assertThat(parameters.get("lm_head.weight").equal(parameters.get("wte.weight"))).isFalse();
  }

  @Test
  void theDefaultArchitectureInitializesAsBefore() {
    GptConfig explicit = new GptConfig(2, 16, 4, 8, 256, true, PositionEncoding.LEARNED);
    assertThat(explicit).isEqualTo(CONFIG);
    assertThat(Gpt.initialize(explicit, 5, cpu()).parameters().values()
        .equal(Gpt.initialize(CONFIG, 5, cpu()).parameters().values())).isTrue();
  }

  @Test
  void rotaryAttentionDependsOnRelativePositionsOnly() {
    GptConfig rotary = new GptConfig(2, 16, 4, 16, 256, true, PositionEncoding.ROTARY);
    Gpt model = Gpt.initialize(rotary, 3, cpu());
    try (NoGradGuard noGrad = new NoGradGuard()) {
      Tensor tokens = tensor(10L, 20L, 30L, 40L, 50L).view(1, 5);
      Tensor mask = causalMask(5);
      Tensor atZero = Gpt.nextTokenLogits(rotary, model.parameters().byName(), tokens, positions(0, 5), mask);
      Tensor atSeven = Gpt.nextTokenLogits(rotary, model.parameters().byName(), tokens, positions(7, 5), mask);
      assertThat(atSeven.allclose(atZero, 1e-4, 1e-5, false)).isTrue();
      Tensor training = Gpt.logits(rotary, model.parameters().byName(), tokens).select(1, 4);
      assertThat(training.allclose(atZero, 1e-4, 1e-5, false)).isTrue();
    }
  }

  @Test
  void aKvCacheGivesTheLogitsOfRecomputation() {
    for (GptConfig config : new GptConfig[] {CONFIG, new GptConfig(2, 16, 4, 8, 256, false, PositionEncoding.ROTARY)}) {
      Gpt model = Gpt.initialize(config, 4, cpu());
      try (NoGradGuard noGrad = new NoGradGuard()) {
        Tensor tokens = tensor(7L, 8L, 9L, 10L, 11L, 12L).view(1, 6);
        KvCache cache = KvCache.allocate(config, 1, 6, cpu(), ScalarType.Float);
        Gpt.nextTokenLogits(config, model.parameters().byName(), tokens.narrow(1, 0, 4), positions(0, 4),
            causalMask(4), cache);
        Gpt.nextTokenLogits(config, model.parameters().byName(), tokens.narrow(1, 4, 1), positions(4, 1),
            causalMask(5).narrow(2, 4, 1), cache);
        Tensor cached = Gpt.nextTokenLogits(config, model.parameters().byName(), tokens.narrow(1, 5, 1),
            positions(5, 1), causalMask(6).narrow(2, 5, 1), cache);
        Tensor recomputed = Gpt.logits(config, model.parameters().byName(), tokens).select(1, 5);
        assertThat(cache.length()).isEqualTo(6);
        assertThat(cached.allclose(recomputed, 1e-4, 1e-5, false)).as("%s", config).isTrue();
      }
    }
  }

  @Test
  void aRunsModelPadsItsEmbeddingRowsToAMultipleOf64() {
    GptConfig spec = GptConfig.of(new ModelSpec(2, 16, 4, 8, true, "learned"), 300);
    assertThat(spec.vocabSize()).isEqualTo(300);
    assertThat(spec.embeddingRows()).isEqualTo(320);
    assertThat(Gpt.layout(spec).get(0).shape()).containsExactly(320, 16);
    assertThat(GptConfig.of(new ModelSpec(2, 16, 4, 8, true, "learned"), 256)).isEqualTo(CONFIG);
    assertThat(new GptConfig(2, 16, 4, 8, 50257).alignedEmbeddings().embeddingRows()).isEqualTo(50304);
  }

  @Test
  void paddingRowsChangeNeitherTheDistributionNorTheGradientsOfTheVocabulary() {
    for (boolean tied : new boolean[] {true, false}) {
      GptConfig padded = new GptConfig(2, 16, 4, 8, 300, tied, PositionEncoding.LEARNED).alignedEmbeddings();
      GptConfig exact = new GptConfig(2, 16, 4, 8, 300, tied, PositionEncoding.LEARNED);
      Gpt paddedModel = Gpt.initialize(padded, 9, cpu());
      Gpt exactModel = Gpt.zeros(exact, cpu());
      try (NoGradGuard noGrad = new NoGradGuard()) {
        exactModel.parameters().byName().forEach((name, weight) ->
            weight.copy_(paddedModel.parameters().get(name).narrow(0, 0, weight.size(0))));
      }
      Tensor tokens = tensor(1L, 299L, 5L, 17L, 298L, 0L, 42L, 7L).view(2, 4);
      Tensor targets = tensor(299L, 5L, 17L, 298L, 0L, 42L, 7L, 250L).view(2, 4);

      Tensor paddedLoss = paddedModel.loss(tokens, targets);
      Tensor exactLoss = exactModel.loss(tokens, targets);
      paddedLoss.backward();
      exactLoss.backward();

      assertThat(paddedLoss.item_double()).as("tied %s", tied).isCloseTo(exactLoss.item_double(), within(1e-6));
      String head = padded.headWeight();
      Tensor headGrad = paddedModel.parameters().get(head).grad();
      assertThat(headGrad.narrow(0, 300, 20).abs().max().item_double()).as("padding rows' gradient").isZero();
      assertThat(headGrad.narrow(0, 0, 300).allclose(exactModel.parameters().get(head).grad(), 1e-5, 1e-7, false))
          .isTrue();
      assertThat(paddedModel.parameters().get("h.1.mlp.fc.weight").grad()
          .allclose(exactModel.parameters().get("h.1.mlp.fc.weight").grad(), 1e-5, 1e-7, false)).isTrue();
      try (NoGradGuard noGrad = new NoGradGuard()) {
        Tensor logits = Gpt.logits(padded, paddedModel.parameters().byName(), tokens);
        assertThat(logits.sizes().vec().get()).containsExactly(2, 4, 300);
        assertThat(logits.allclose(Gpt.logits(exact, exactModel.parameters().byName(), tokens), 1e-5, 1e-6, false))
            .isTrue();
        Tensor next = Gpt.nextTokenLogits(padded, paddedModel.parameters().byName(), tokens, positions(0, 4)
            .expand(2, 4), causalMask(4));
        assertThat(next.sizes().vec().get()).containsExactly(2, 300);
      }
    }
  }

  private static Tensor positions(long start, long count) {
    return arange(new Scalar(start), new Scalar(start + count)).view(1, count);
  }

  private static Tensor causalMask(long time) {
    return ones(time, time).tril().to(ScalarType.Bool).view(1, 1, time, time);
  }

  private static Device cpu() {
    return TorchRuntime.device("cpu");
  }
}
