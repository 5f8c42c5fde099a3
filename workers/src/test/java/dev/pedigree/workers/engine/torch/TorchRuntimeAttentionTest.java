package dev.pedigree.workers.engine.torch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TorchRuntimeAttentionTest {
  @AfterEach
  void clearSetting() {
    System.clearProperty(TorchRuntime.ATTENTION_PROPERTY);
  }

  @Test
  void flashIsTheDefaultAndCudnnMayBeChosen() {
    assertThat(TorchRuntime.attention()).isEqualTo("flash");
    System.setProperty(TorchRuntime.ATTENTION_PROPERTY, " cudnn ");
    assertThat(TorchRuntime.attention()).isEqualTo("cudnn");
  }

  @Test
  void anUnknownKernelNamesTheSettingAndTheValue() {
    System.setProperty(TorchRuntime.ATTENTION_PROPERTY, "fast");
    assertThatThrownBy(TorchRuntime::attention)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("PEDIGREE_TORCH_ATTENTION (pedigree.torch.attention) must be flash or cudnn, got 'fast'");
  }
}
