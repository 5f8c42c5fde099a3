package dev.pedigree.workers.engine.sampling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.bytedeco.pytorch.global.torch.tensor;

import dev.pedigree.workers.engine.torch.TorchRuntime;
import java.util.Arrays;
import java.util.List;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch.ScalarType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class EnsembleWeightingTest {
  @BeforeAll
  static void torch() {
    TorchRuntime.initialize();
  }

  @Test
  void coreWeighsAMoreConfidentMemberUpWhenBothDisagreeWithTheMeanEqually() {
    // Mean (0.65, 0.35): both members are 0.15 off on each token, so their filters match and only the entropies
    // (0.5004 and ln 2 nats) differ: w_1 = H_2 / (H_1 + H_2).
    EnsembleWeighting.Combined combined =
        EnsembleWeighting.core().combine(List.of(logits(0.8, 0.2), logits(0.5, 0.5)));
    assertThat(values(combined.memberWeights())).containsExactly(new double[] {0.580744, 0.419256}, within(1e-6));
    // s = (e^{-0.3} − e^{-2}) / (1 − e^{-2}) ≈ 0.7002 on both tokens, times the weighted mean.
    assertThat(values(combined.scores())).containsExactly(new double[] {0.472126, 0.228126}, within(1e-6));
  }

  @Test
  void coreWeighsTheMemberThatDisagreesWithTheOthersDown() {
    // Equal entropies; the third member puts its mass where the other two put little.
    EnsembleWeighting.Combined combined = EnsembleWeighting.core()
        .combine(List.of(logits(0.7, 0.2, 0.1), logits(0.7, 0.2, 0.1), logits(0.1, 0.2, 0.7)));
    assertThat(values(combined.memberWeights()))
        .containsExactly(new double[] {0.360810, 0.360810, 0.278380}, within(1e-6));
    // The disputed tokens are filtered (uniform would score them 0.5 and 0.3), the agreed one is not.
    assertThat(values(combined.scores()))
        .containsExactly(new double[] {0.322645, 0.200000, 0.115412}, within(1e-6));
  }

  @Test
  void identicalMembersReduceToUniformAveraging() {
    List<Tensor> members = List.of(logits(0.6, 0.3, 0.1), logits(0.6, 0.3, 0.1), logits(0.6, 0.3, 0.1));
    EnsembleWeighting.Combined core = EnsembleWeighting.core().combine(members);
    EnsembleWeighting.Combined uniform = EnsembleWeighting.uniform().combine(members);
    assertThat(values(core.memberWeights())).containsExactly(new double[] {1 / 3.0, 1 / 3.0, 1 / 3.0}, within(1e-12));
    assertThat(values(core.scores())).containsExactly(new double[] {0.6, 0.3, 0.1}, within(1e-6));
    assertThat(values(uniform.scores())).containsExactly(values(core.scores()), within(1e-12));
  }

  @Test
  void uniformAveragesTheDistributionsAndWeighsEveryMemberAlike() {
    EnsembleWeighting.Combined combined =
        EnsembleWeighting.uniform().combine(List.of(logits(0.8, 0.2), logits(0.5, 0.5)));
    assertThat(values(combined.scores())).containsExactly(new double[] {0.65, 0.35}, within(1e-6));
    assertThat(values(combined.memberWeights())).containsExactly(0.5, 0.5);
  }

  @Test
  void eachMemberIsCutToItsTopKTokensFirst() {
    EnsembleWeighting topTwo = new EnsembleWeighting(EnsembleWeighting.Mode.UNIFORM, 2, EnsembleWeighting.DEFAULT_BETA);
    EnsembleWeighting.Combined combined = topTwo.combine(List.of(logits(0.5, 0.3, 0.2), logits(0.2, 0.3, 0.5)));
    assertThat(values(combined.scores())).containsExactly(new double[] {0.3125, 0.375, 0.3125}, within(1e-6));
  }

  @Test
  void weightsArePerRow() {
    Tensor first = tensor(new float[] {(float) Math.log(0.9), (float) Math.log(0.1), 0, 0}).view(2, 2);
    Tensor second = tensor(new float[] {(float) Math.log(0.5), (float) Math.log(0.5), 0, 0}).view(2, 2);
    double[] weights = values(EnsembleWeighting.core().combine(List.of(first, second)).memberWeights());
    assertThat(weights[0]).isGreaterThan(0.5);
    assertThat(Arrays.copyOfRange(weights, 2, 4)).containsExactly(new double[] {0.5, 0.5}, within(1e-6));
  }

  @Test
  void rejectsAnEmptyTopKOrABadBeta() {
    assertThatThrownBy(() -> new EnsembleWeighting(EnsembleWeighting.Mode.CORE, 0, 2.0)).hasMessageContaining("topK");
    assertThatThrownBy(() -> new EnsembleWeighting(EnsembleWeighting.Mode.CORE, 10, 0)).hasMessageContaining("beta");
  }

  /** A row of fp32 logits whose softmax is {@code probabilities}. */
  private static Tensor logits(double... probabilities) {
    float[] values = new float[probabilities.length];
    for (int i = 0; i < probabilities.length; i++) {
      values[i] = (float) Math.log(probabilities[i]);
    }
    return tensor(values).view(1, probabilities.length);
  }

  private static double[] values(Tensor tensor) {
    double[] values = new double[(int) tensor.numel()];
    new DoublePointer(tensor.to(ScalarType.Double).contiguous().data_ptr_double()).get(values);
    return values;
  }
}
