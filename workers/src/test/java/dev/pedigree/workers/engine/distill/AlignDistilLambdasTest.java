package dev.pedigree.workers.engine.distill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.pedigree.workers.engine.Batch;
import dev.pedigree.workers.engine.model.Gpt;
import dev.pedigree.workers.engine.model.GptConfig;
import dev.pedigree.workers.engine.torch.TorchRuntime;
import java.util.Arrays;
import java.util.stream.LongStream;
import org.bytedeco.pytorch.Device;
import org.junit.jupiter.api.Test;

class AlignDistilLambdasTest {
  private static final GptConfig CONFIG = new GptConfig(1, 16, 2, 8, 256);

  @Test
  void oneLambdaPerTokenFlooredWhereTheModelsAgreeAndBoundedByBeta2() {
    TorchRuntime.initialize();
    Device cpu = new Device("cpu");
    Gpt dpo = Gpt.initialize(CONFIG, 1, cpu);
    Gpt reverseDpo = Gpt.initialize(CONFIG, 2, cpu);
    Batch windows = Batch.of(LongStream.range(0, 27).map(i -> 97 + i % 26).toArray(), 3, cpu);

    double[] same = AlignDistilLambdas.of(dpo, dpo, windows, 2.0);
    double[] different = AlignDistilLambdas.of(dpo, reverseDpo, windows, 2.0);

    assertThat(same).hasSize(3 * 8);
    assertThat(Arrays.stream(same).min().orElseThrow()).isCloseTo(1e-3, within(1e-6));
    assertThat(Arrays.stream(same).max().orElseThrow()).isCloseTo(1e-3, within(1e-6));
    assertThat(different).hasSize(3 * 8);
    assertThat(Arrays.stream(different).min().orElseThrow()).isGreaterThan(1e-3);
    assertThat(Arrays.stream(different).max().orElseThrow()).isLessThanOrEqualTo(2.0 + 1e-3);
    assertThat(Arrays.stream(different).distinct().count()).isGreaterThan(1);
  }
}
