package dev.pedigree.workers.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.pedigree.workers.engine.torch.TorchRuntime;
import dev.pedigree.workflows.spec.DataSpec;
import dev.pedigree.workflows.spec.ModelSpec;
import dev.pedigree.workflows.spec.OptimizationSpec;
import dev.pedigree.workflows.spec.PretrainSpec;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A pretraining run on CUDA with bf16 weights over fp32 masters ({@code PEDIGREE_TORCH_PRECISION=bf16}), with
 * autograd's loss and with the fused one, learns as the default (fp32 weights under bf16 autocast) does.
 */
@Tag("gpu")
class Bf16TrainingGpuTest {
  @TempDir Path directory;

  @AfterEach
  void clearSettings() {
    System.clearProperty(TorchRuntime.PRECISION_PROPERTY);
    System.clearProperty(TorchRuntime.LOSS_PROPERTY);
  }

  @Test
  void bf16WeightsLearnAsAutocastDoes() {
    double autocast = finalLoss("autocast", "autograd");
    double bf16 = finalLoss("bf16", "autograd");
    double bf16Fused = finalLoss("bf16", "fused");
    assertThat(autocast).isLessThan(3.0);
    assertThat(bf16).isCloseTo(autocast, within(0.03 * autocast));
    assertThat(bf16Fused).isCloseTo(autocast, within(0.03 * autocast));
  }

  private double finalLoss(String precision, String loss) {
    System.setProperty(TorchRuntime.PRECISION_PROPERTY, precision);
    System.setProperty(TorchRuntime.LOSS_PROPERTY, loss);
    PretrainSpec spec = new PretrainSpec(new ModelSpec(2, 64, 4, 64), new DataSpec("g-text", 400, 7L),
        new OptimizationSpec(150, 16, 3e-3, 10, 0.1, 1.0, 150, 150, 1L), "cuda");
    TrainingSummary summary = new Trainer(spec, directory.resolve(precision + "-" + loss))
        .run(Optional.empty(), new TrainingListener() {}, StopSignal.NEVER);
    return summary.finalLoss();
  }
}
