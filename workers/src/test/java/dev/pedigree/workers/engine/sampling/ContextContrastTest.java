package dev.pedigree.workers.engine.sampling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.bytedeco.pytorch.global.torch.tensor;

import dev.pedigree.workers.engine.torch.TorchRuntime;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch.ScalarType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ContextContrastTest {
  /** p(·|ctx,x) = (0.5, 0.3, 0.2) and p(·|x) = (0.8, 0.1, 0.1), as logits (log-probabilities). */
  private static final double[] WITH_CONTEXT = {Math.log(0.5), Math.log(0.3), Math.log(0.2)};
  private static final double[] WITHOUT_CONTEXT = {Math.log(0.8), Math.log(0.1), Math.log(0.1)};

  @BeforeAll
  static void torch() {
    TorchRuntime.initialize();
  }

  @Test
  void cadAddsAlphaTimesTheContrastToTheContextsLogProbabilities() {
    ContextContrast.Weighted weighted = ContextContrast.cad(1.0).weigh(row(WITH_CONTEXT), row(WITHOUT_CONTEXT));
    // 2 log p − log q: log(0.25/0.8), log(0.09/0.1), log(0.04/0.1); the context's own favourite, token 0, loses.
    assertThat(values(weighted.scores(), 3))
        .containsExactly(new double[] {Math.log(0.3125), Math.log(0.9), Math.log(0.4)}, within(1e-6));
    assertThat(values(weighted.alpha(), 1)).containsExactly(1.0);
    assertThat(argmax(weighted)).isEqualTo(1);
    assertThat(argmax(ContextContrast.greedy().weigh(row(WITH_CONTEXT), row(WITHOUT_CONTEXT)))).isEqualTo(0);
  }

  @Test
  void adaCadWeighsByTheJensenShannonDivergenceInNats() {
    ContextContrast.Weighted weighted = ContextContrast.adaCad().weigh(row(WITH_CONTEXT), row(WITHOUT_CONTEXT));
    double jsd = jensenShannon(new double[] {0.5, 0.3, 0.2}, new double[] {0.8, 0.1, 0.1});
    assertThat(jsd).isBetween(0.05, 0.1);
    assertThat(values(weighted.alpha(), 1)[0]).isCloseTo(jsd, within(1e-6));
    double[] scores = values(weighted.scores(), 3);
    for (int token = 0; token < 3; token++) {
      assertThat(scores[token]).isCloseTo(
          WITH_CONTEXT[token] + jsd * (WITH_CONTEXT[token] - WITHOUT_CONTEXT[token]), within(1e-6));
    }
  }

  @Test
  void equalDistributionsGiveAlphaZeroSoAdaCadIsGreedy() {
    double[] logits = {1.5, -0.25, 3.0, 0.0};
    ContextContrast.Weighted adaCad = ContextContrast.adaCad().weigh(row(logits), row(logits));
    ContextContrast.Weighted greedy = ContextContrast.greedy().weigh(row(logits), row(logits));
    assertThat(values(adaCad.alpha(), 1)[0]).isCloseTo(0, within(1e-12));
    assertThat(values(adaCad.scores(), 4)).containsExactly(values(greedy.scores(), 4), within(1e-12));
  }

  @Test
  void disjointDistributionsGiveAlphaLnTwo() {
    Tensor contextual = row(new double[] {0, 0, -1e4, -1e4});
    Tensor parametric = row(new double[] {-1e4, -1e4, 0, 0});
    double alpha = values(ContextContrast.adaCad().weigh(contextual, parametric).alpha(), 1)[0];
    assertThat(alpha).isCloseTo(Math.log(2), within(1e-12));
  }

  @Test
  void alphaIsPerRow() {
    Tensor contextual = rows(2, 0, 0, 5, -5);
    Tensor parametric = rows(2, 0, 0, -5, 5);
    double[] alphas = values(ContextContrast.adaCad().weigh(contextual, parametric).alpha(), 2);
    assertThat(alphas[0]).isCloseTo(0, within(1e-12));
    assertThat(alphas[1]).isGreaterThan(0.6).isLessThan(Math.log(2));
  }

  @Test
  void cadRejectsANegativeOrInfiniteAlpha() {
    assertThatThrownBy(() -> ContextContrast.cad(-0.5)).hasMessageContaining("alpha");
    assertThatThrownBy(() -> ContextContrast.cad(Double.POSITIVE_INFINITY)).hasMessageContaining("alpha");
  }

  private static double jensenShannon(double[] p, double[] q) {
    double sum = 0;
    for (int i = 0; i < p.length; i++) {
      double m = (p[i] + q[i]) / 2;
      sum += 0.5 * p[i] * Math.log(p[i] / m) + 0.5 * q[i] * Math.log(q[i] / m);
    }
    return sum;
  }

  /** A row of fp32 logits, as the model gives them. */
  private static Tensor row(double[] logits) {
    return rows(1, logits);
  }

  private static Tensor rows(int count, double... logits) {
    float[] values = new float[logits.length];
    for (int i = 0; i < logits.length; i++) {
      values[i] = (float) logits[i];
    }
    return tensor(values).view(count, logits.length / count);
  }

  private static int argmax(ContextContrast.Weighted weighted) {
    double[] scores = values(weighted.scores(), (int) weighted.scores().size(1));
    int best = 0;
    for (int i = 1; i < scores.length; i++) {
      best = scores[i] > scores[best] ? i : best;
    }
    return best;
  }

  private static double[] values(Tensor tensor, int count) {
    double[] values = new double[count];
    new DoublePointer(tensor.to(ScalarType.Double).contiguous().data_ptr_double()).get(values);
    return values;
  }
}
