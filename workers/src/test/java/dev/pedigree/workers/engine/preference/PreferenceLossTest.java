package dev.pedigree.workers.engine.preference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.bytedeco.pytorch.global.torch.log;
import static org.bytedeco.pytorch.global.torch.tensor;

import dev.pedigree.workers.engine.policy.CompletionBatch;
import dev.pedigree.workers.engine.torch.TorchRuntime;
import org.bytedeco.pytorch.Tensor;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class PreferenceLossTest {
  @BeforeAll
  static void loadTorch() {
    TorchRuntime.initialize();
  }

  private static Tensor matrix(int rows, float... values) {
    return tensor(values).view(rows, values.length / rows);
  }

  @Test
  void theNllAveragesOverRealTokensOnly() {
    Tensor tokenLogProbs = matrix(2, -1.0f, -2.0f, -9.0f, -3.0f, -9.0f, -9.0f);
    Tensor mask = matrix(2, 1, 1, 0, 1, 0, 0);

    assertThat(PreferenceLoss.tokenMeanNll(tokenLogProbs, mask).item_double()).isCloseTo(2.0, within(1e-6));
  }

  @Test
  void dpoIsTheLogisticLossOfTheScaledMargin() {
    Tensor loss = PreferenceLoss.dpo(tensor(1.0f, -0.5f), tensor(0.0f, 0.5f), 0.5);

    // -log σ(0.5), -log σ(-0.5)
    assertThat(loss.select(0, 0).item_double()).isCloseTo(0.47407698418010663, within(1e-6));
    assertThat(loss.select(0, 1).item_double()).isCloseTo(0.9740769841801068, within(1e-6));
  }

  @Test
  void tdpoSubtractsTheKlGapAndDoesNotDifferentiateTheChosenKl() {
    Tensor chosenKl = tensor(0.4f).view(1).requires_grad_(true);
    Tensor rejectedKl = tensor(1.0f).view(1).requires_grad_(true);

    Tensor loss = PreferenceLoss.tdpo(tensor(1.0f).view(1), tensor(0.0f).view(1), chosenKl, rejectedKl, 0.5, 0.5);
    loss.sum().backward();

    // z = β (1 - α (1.0 - 0.4)) = 0.35
    assertThat(loss.item_double()).isCloseTo(0.5333821554187769, within(1e-6));
    // d/dD_l = (1 - σ(z)) β α; the chosen KL is behind a stop-gradient
    assertThat(rejectedKl.grad().item_double()).isCloseTo(0.10334560527066747, within(1e-6));
    assertThat(chosenKl.grad().defined()).isFalse();
  }

  @Test
  void tgdpoWeightsEachTokenByTheGuidesReward() {
    Tensor loss = PreferenceLoss.tgdpo(
        matrix(1, 0.2f, 0.4f), matrix(1, 1, 1), matrix(1, 1.0f, -1.0f),
        matrix(1, 0.3f, 0.1f), matrix(1, 1, 0), matrix(1, -2.0f, 5.0f), 0.5, 1.0);

    // chosen: 0.5(1 + 0.5)·0.2 + 0.5(1 - 0.5)·0.4 = 0.25; rejected: 0.5(1 + 1)·0.3 = 0.3 (second token is padding)
    assertThat(loss.item_double()).isCloseTo(0.7184596480132864, within(1e-6));
  }

  @Test
  void tgdpoWithoutGuidanceIsDpoAndDoesNotDifferentiateTheGuide() {
    Tensor chosen = matrix(1, 0.2f, 0.4f).requires_grad_(true);
    Tensor guide = matrix(1, 1.0f, -1.0f).requires_grad_(true);
    Tensor zero = matrix(1, 0, 0);

    Tensor unguided = PreferenceLoss.tgdpo(chosen, matrix(1, 1, 1), zero, matrix(1, 0.3f, 0.1f), matrix(1, 1, 1), zero,
        0.5, 1.0);
    Tensor guided = PreferenceLoss.tgdpo(chosen, matrix(1, 1, 1), guide, matrix(1, 0.3f, 0.1f), matrix(1, 1, 1), zero,
        0.5, 1.0);
    guided.sum().backward();

    // α = 0: DPO on the summed log-ratios 0.6 and 0.4
    assertThat(unguided.item_double()).isCloseTo(PreferenceLoss.dpo(tensor(0.6f), tensor(0.4f), 0.5).item_double(),
        within(1e-6));
    // d/dlr^w_t = -(1 - σ(z)) β(1 + αβ ĝ_t), z = 0.25 - 0.2 = 0.05: the guide's +1 token pulls three times the -1's
    double pull = 1 - 1 / (1 + Math.exp(-0.05));
    assertThat(CompletionBatch.toArrays(chosen.grad())[0])
        .containsExactly(new double[] {-pull * 0.75, -pull * 0.25}, within(1e-6));
    assertThat(guide.grad().defined()).isFalse();
  }

  @Test
  void tokenKlIsTheForwardKlFromTheReference() {
    Tensor reference = log(tensor(0.5f, 0.5f).view(1, 1, 2));
    Tensor policy = log(tensor(0.25f, 0.75f).view(1, 1, 2));

    assertThat(PreferenceLoss.tokenKl(reference, policy).item_double()).isCloseTo(0.14384103622589042, within(1e-6));
    assertThat(PreferenceLoss.sequenceSum(matrix(1, 1, 2, 3), matrix(1, 1, 1, 0)).item_double()).isEqualTo(3.0);
  }
}
