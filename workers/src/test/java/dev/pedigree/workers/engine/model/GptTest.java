package dev.pedigree.workers.engine.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.bytedeco.pytorch.global.torch.tensor;

import dev.pedigree.workers.engine.torch.TorchRuntime;
import org.bytedeco.pytorch.Device;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Tensor;
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

  private static Device cpu() {
    return TorchRuntime.device("cpu");
  }
}
