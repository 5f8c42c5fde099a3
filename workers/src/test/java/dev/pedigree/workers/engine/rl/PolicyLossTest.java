package dev.pedigree.workers.engine.rl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.bytedeco.pytorch.global.torch.tensor;

import dev.pedigree.workers.engine.model.Gpt;
import dev.pedigree.workers.engine.model.GptConfig;
import dev.pedigree.workers.engine.policy.CompletionBatch;
import dev.pedigree.workers.engine.torch.TorchRuntime;
import java.util.Arrays;
import java.util.List;
import org.bytedeco.pytorch.Device;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class PolicyLossTest {
  @BeforeAll
  static void loadTorch() {
    TorchRuntime.initialize();
  }

  static Tensor matrix(int rows, float... values) {
    return tensor(values).view(rows, values.length / rows);
  }

  static float ln(double x) {
    return (float) Math.log(x);
  }

  @Test
  void clipsTheRatioOnTheSideThatWouldOverstepTheTrustRegion() {
    Tensor logProbs = matrix(2, ln(1.5), ln(0.5), ln(0.5), ln(1.5));
    Tensor old = matrix(2, 0, 0, 0, 0);
    Tensor advantages = matrix(2, 1, -2);

    double[][] loss = CompletionBatch.toArrays(PolicyLoss.clippedSurrogate(logProbs, old, advantages, 0.2));

    // A=1: ρ=1.5 is clipped to 1.2, ρ=0.5 is kept (min); A=-2: ρ=0.5 is clipped to 0.8, ρ=1.5 is kept
    assertThat(loss[0]).containsExactly(new double[] {-1.2, -0.5}, within(1e-6));
    assertThat(loss[1]).containsExactly(new double[] {1.6, 3.0}, within(1e-6));
  }

  @Test
  void k3IsZeroAtTheReferenceAndPositiveElsewhere() {
    double[][] kl = CompletionBatch.toArrays(PolicyLoss.k3(matrix(1, ln(0.5), ln(0.3)), matrix(1, ln(0.25), ln(0.3))));

    // d = ln(0.25/0.5): exp(d) - d - 1 = 0.5 + ln 2 - 1
    assertThat(kl[0]).containsExactly(new double[] {0.1931471805599454, 0.0}, within(1e-6));
  }

  @Test
  void gtpoDividesEachCompletionsTokenMeanByItsConflictCount() {
    // one group: a = 5 6 8 (A=1) and b = 5 9 8 (A=-1) share 5 first and 8 last; c = 7 7 (A=0.5) shares nothing
    List<int[]> completions = List.of(new int[] {5, 6, 8}, new int[] {5, 9, 8}, new int[] {7, 7});
    double[] advantages = {1, -1, 0.5};
    boolean[] kept = {true, true, true};
    double[][] weights =
        TokenWeights.gtpo(ConflictTokens.of(completions, advantages, kept, 3), advantages, kept, 2.0);
    Tensor weightTensor = matrix(3, (float) weights[0][0], (float) weights[0][1], (float) weights[0][2],
        (float) weights[1][0], (float) weights[1][1], (float) weights[1][2], (float) weights[2][0],
        (float) weights[2][1], 0);
    Tensor mask = matrix(3, 1, 1, 1, 1, 1, 1, 1, 1, 0);
    Tensor logProbs = matrix(3, 0, 0, 0, 0, 0, 0, 0, 0, 0).requires_grad_(true);

    Tensor perToken = PolicyLoss.clippedSurrogate(logProbs, logProbs.detach(), matrix(3, 1, -1, 0.5f), 0.2);
    Tensor loss = PolicyLoss.aggregate(perToken, weightTensor, mask, 3);
    loss.backward();

    // ρ = 1, so a token's term is -A·δ/n_conflict: a -(1 + 0.5 + 1)/3, b (0 + 0.5 + 0)/3, c -0.5(1 + 1)/2; mean of 3
    // (without the division: a -(2 + 1 + 2)/3, b 1/3, giving -0.6111)
    assertThat(loss.item_double()).isCloseTo((-2.5 / 3 + 0.5 / 3 - 0.5) / 3, within(1e-6));
    double[][] gradients = CompletionBatch.toArrays(logProbs.grad());
    // d/dlogp = -A·δ/n_conflict / length / rows
    assertThat(gradients[0]).containsExactly(new double[] {-1.0 / 9, -1.0 / 18, -1.0 / 9}, within(1e-6));
    assertThat(gradients[1]).containsExactly(new double[] {0, 1.0 / 18, 0}, within(1e-6));
    assertThat(gradients[2]).containsExactly(new double[] {-1.0 / 12, -1.0 / 12, 0}, within(1e-6));
  }

  @Test
  void aGradientStepRaisesThePositiveCompletionAndLowersTheNegativeOne() {
    Gpt model = Gpt.initialize(new GptConfig(1, 16, 2, 16, 32), 3, new Device("cpu"));
    CompletionBatch batch = CompletionBatch.of(List.of(new int[] {1, 2}, new int[] {1, 2}),
        List.of(new int[] {5, 6, 7}, new int[] {8, 9}), new Device("cpu"));
    double[] before = sequenceLogProbs(model, batch);

    Tensor logProbs = batch.tokenLogProbs(batch.logDistributions(model.config(), model.parameters().byName()));
    Tensor perToken = PolicyLoss.clippedSurrogate(logProbs, logProbs.detach(), matrix(2, 1, -1), 0.2);
    PolicyLoss.aggregate(perToken, batch.mask(), batch.mask(), 2).backward();
    try (NoGradGuard noGrad = new NoGradGuard()) {
      model.parameters().values().sub_(model.parameters().grads().mul(new Scalar(0.1)));
    }
    double[] after = sequenceLogProbs(model, batch);

    assertThat(after[0]).isGreaterThan(before[0]);
    assertThat(after[1]).isLessThan(before[1]);
  }

  private static double[] sequenceLogProbs(Gpt model, CompletionBatch batch) {
    try (NoGradGuard noGrad = new NoGradGuard()) {
      Tensor logProbs = batch.tokenLogProbs(batch.logDistributions(model.config(), model.parameters().byName()));
      double[][] rows = CompletionBatch.toArrays(logProbs.mul(batch.mask()));
      return new double[] {Arrays.stream(rows[0]).sum(), Arrays.stream(rows[1]).sum()};
    }
  }

  @Test
  void averagesWeightedTokenMeansOverCountedRows() {
    Tensor perToken = matrix(2, 1, 2, 3, 4, 5, 6);
    Tensor weights = matrix(2, 1, 1, 2, 0, 1, 1);
    Tensor mask = matrix(2, 1, 1, 0, 1, 1, 1);

    // row 0: (1 + 2) / 2; row 1: (0 + 5 + 6) / 3; over 2 rows
    assertThat(PolicyLoss.aggregate(perToken, weights, mask, 2).item_double())
        .isCloseTo((1.5 + 11.0 / 3) / 2, within(1e-6));
  }
}
