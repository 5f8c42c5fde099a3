package dev.pedigree.workers.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pedigree.workflows.spec.DataSpec;
import dev.pedigree.workflows.spec.ModelSpec;
import dev.pedigree.workflows.spec.OptimizationSpec;
import dev.pedigree.workflows.spec.PretrainSpec;
import org.junit.jupiter.api.Test;

class BenchRunsTest {
  private static PretrainSpec base(int layers, int documents, int steps) {
    return new PretrainSpec(new ModelSpec(layers, 64, 4, 32), new DataSpec("g-arith", documents, 7L),
        new OptimizationSpec(steps, 16, 3e-3, 50, 0.1, 1.0, steps, steps, 1L), "cpu");
  }

  @Test
  void aCachedBaseIsKeyedByEverySettingOfItsSpec() {
    String folder = BenchRuns.baseFolder(base(2, 8000, 6000));

    assertThat(folder).matches("base-[0-9a-f]{16}").isEqualTo(BenchRuns.baseFolder(base(2, 8000, 6000)));
    assertThat(BenchRuns.baseFolder(base(2, 200_000, 6000))).isNotEqualTo(folder);
    assertThat(BenchRuns.baseFolder(base(4, 8000, 6000))).isNotEqualTo(folder);
    assertThat(BenchRuns.baseFolder(base(2, 8000, 12_000))).isNotEqualTo(folder);
  }
}
