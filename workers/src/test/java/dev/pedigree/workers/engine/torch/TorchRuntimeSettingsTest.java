package dev.pedigree.workers.engine.torch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.bytedeco.pytorch.Device;
import org.bytedeco.pytorch.global.torch.ScalarType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TorchRuntimeSettingsTest {
  @AfterEach
  void clearSettings() {
    System.clearProperty(TorchRuntime.ATTENTION_PROPERTY);
    System.clearProperty(TorchRuntime.LOSS_PROPERTY);
    System.clearProperty(TorchRuntime.PRECISION_PROPERTY);
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

  @Test
  void theLossIsFusedUnlessAutogradIsChosen() {
    assertThat(TorchRuntime.loss()).isEqualTo("fused");
    System.setProperty(TorchRuntime.LOSS_PROPERTY, "autograd");
    assertThat(TorchRuntime.loss()).isEqualTo("autograd");
    System.setProperty(TorchRuntime.LOSS_PROPERTY, "liger");
    assertThatThrownBy(TorchRuntime::loss)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("PEDIGREE_TORCH_LOSS (pedigree.torch.loss) must be fused or autograd, got 'liger'");
  }

  @Test
  void trainingWeightsAreBf16OnCudaAndFp32OnTheCpuUnlessChosen() {
    Device cpu = new Device("cpu");
    Device cuda = new Device("cuda:0");
    assertThat(TorchRuntime.trainingWeightType(cpu)).isEqualTo(ScalarType.Float);
    assertThat(TorchRuntime.trainingWeightType(cuda)).isEqualTo(ScalarType.BFloat16);
    System.setProperty(TorchRuntime.PRECISION_PROPERTY, "bf16");
    assertThat(TorchRuntime.trainingWeightType(cpu)).isEqualTo(ScalarType.BFloat16);
    System.setProperty(TorchRuntime.PRECISION_PROPERTY, "autocast");
    assertThat(TorchRuntime.trainingWeightType(cuda)).isEqualTo(ScalarType.Float);
    System.setProperty(TorchRuntime.PRECISION_PROPERTY, "fp16");
    assertThatThrownBy(() -> TorchRuntime.trainingWeightType(cuda))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("PEDIGREE_TORCH_PRECISION (pedigree.torch.precision) must be autocast or bf16, got 'fp16'");
  }
}
