package dev.pedigree.workers.engine.distill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.bytedeco.pytorch.global.torch.tensor;

import dev.pedigree.workers.engine.torch.TorchRuntime;
import java.util.List;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch.ScalarType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Two-word vocabularies whose distributions are written as logits = log p, so every expected value is by hand. */
class TokenLossesTest {
  private static final double TOLERANCE = 1e-6;

  @BeforeAll
  static void loadTorch() {
    TorchRuntime.initialize();
  }

  /** Logits {@code (1, 2)} of the distribution {@code (p, 1 − p)}. */
  private static Tensor distribution(double p) {
    return tensor(new float[] {(float) Math.log(p), (float) Math.log(1 - p)}).view(1, 2);
  }

  private static double[] values(Tensor tensor) {
    Tensor host = tensor.to(ScalarType.Float).contiguous();
    float[] floats = new float[(int) host.numel()];
    new FloatPointer(host.data_ptr_float()).get(floats);
    double[] doubles = new double[floats.length];
    for (int i = 0; i < floats.length; i++) {
      doubles[i] = floats[i];
    }
    return doubles;
  }

  /** KL((p, 1 − p) ‖ (q, 1 − q)). */
  private static double twoWordKl(double p, double q) {
    return p * Math.log(p / q) + (1 - p) * Math.log((1 - p) / (1 - q));
  }

  /** The logged KL is {@code kl} and the loss {@code weight·kl}. */
  private static void assertWeightedKl(TokenLosses.PerToken loss, double kl, double weight) {
    assertThat(only(loss.metrics().get("distill/kl"))).isCloseTo(kl, within(TOLERANCE));
    assertThat(only(loss.loss())).isCloseTo(weight * kl, within(TOLERANCE));
  }

  private static double only(Tensor tensor) {
    double[] values = values(tensor);
    assertThat(values).hasSize(1);
    return values[0];
  }

  @Test
  void forwardAndReverseKlOfTwoKnownDistributions() {
    Tensor teacher = TokenLosses.logProbabilities(distribution(0.5), 1.0);
    Tensor studentLogits = distribution(0.25);
    Tensor target = tensor(new long[] {1});

    // KL(T‖S) = ½·ln(0.5/0.25) + ½·ln(0.5/0.75) = ½·ln(4/3); KL(S‖T) = ¼·ln(0.25/0.5) + ¾·ln(0.75/0.5)
    double forward = 0.5 * Math.log(4.0 / 3.0);
    double reverse = 0.25 * Math.log(0.5) + 0.75 * Math.log(1.5);
    TokenLosses.PerToken forwardKl =
        TokenLosses.knowledgeDistillation("forward-kl", teacher, studentLogits, target, 0, 1.0);
    assertThat(only(forwardKl.loss())).isCloseTo(forward, within(TOLERANCE));
    assertThat(only(forwardKl.metrics().get("distill/kl"))).isCloseTo(forward, within(TOLERANCE));
    TokenLosses.PerToken reverseKl =
        TokenLosses.knowledgeDistillation("reverse-kl", teacher, studentLogits, target, 0, 1.0);
    assertThat(only(reverseKl.loss())).isCloseTo(reverse, within(TOLERANCE));
    assertThat(reverse).isNotCloseTo(forward, within(1e-3));
  }

  @Test
  void mixedWeighsTheHardLabelAgainstTheTemperedKl() {
    // Teacher (0.5, 0.5) stays uniform at T = 2; the student's logits (ln ¼, ln ¾) become (1, √3)/(1 + √3).
    Tensor teacher = TokenLosses.logProbabilities(distribution(0.5), 2.0);
    double s = 1 / (1 + Math.sqrt(3));
    double klAtTwo = 0.5 * Math.log(0.5 / s) + 0.5 * Math.log(0.5 / (1 - s));
    double crossEntropy = -Math.log(0.75); // label 1, the student's probability at T = 1

    TokenLosses.PerToken mixed = TokenLosses.knowledgeDistillation(
        "mixed", teacher, distribution(0.25), tensor(new long[] {1}), 0.3, 2.0);
    assertThat(only(mixed.metrics().get("distill/kl"))).isCloseTo(klAtTwo, within(TOLERANCE));
    assertThat(only(mixed.metrics().get("distill/ce"))).isCloseTo(crossEntropy, within(TOLERANCE));
    assertThat(only(mixed.loss())).isCloseTo(0.3 * crossEntropy + 0.7 * 4 * klAtTwo, within(TOLERANCE));
  }

  @Test
  void teachersMixAsWeightedDistributions() {
    // ¾·(0.2, 0.8) + ¼·(0.6, 0.4) = (0.3, 0.7)
    Tensor mixture =
        TokenLosses.teacherMixture(List.of(distribution(0.2), distribution(0.6)), List.of(0.75, 0.25), 1.0);
    double[] probabilities = values(mixture.exp());
    assertThat(probabilities[0]).isCloseTo(0.3, within(TOLERANCE));
    assertThat(probabilities[1]).isCloseTo(0.7, within(TOLERANCE));
  }

  @Test
  void alignDistilExtrapolatesByTheTotalVariationOfTheTwoDpoModels() {
    Tensor dpo = distribution(0.25); // π_dpo = (¼, ¾)
    Tensor reverseDpo = distribution(0.5); // π_rdpo = (½, ½), so TV = ¼
    assertThat(only(TokenLosses.totalVariation(dpo, reverseDpo))).isCloseTo(0.25, within(TOLERANCE));
    Tensor lambda = TokenLosses.alignDistilLambda(dpo, reverseDpo, 2.0);
    double expectedLambda = 2.0 * 0.25 + 1e-3;
    assertThat(only(lambda)).isCloseTo(expectedLambda, within(TOLERANCE));

    // z* = z_dpo + λ·(z_dpo − z_rdpo), token by token
    double[] composed = values(TokenLosses.composedLogits(dpo, reverseDpo, lambda));
    assertThat(composed[0]).isCloseTo(Math.log(0.25) + expectedLambda * (Math.log(0.25) - Math.log(0.5)),
        within(TOLERANCE));
    assertThat(composed[1]).isCloseTo(Math.log(0.75) + expectedLambda * (Math.log(0.75) - Math.log(0.5)),
        within(TOLERANCE));

    // Loss = (β/λ)·KL(student ‖ softmax(z*)); for a uniform student KL = Σ ½·ln(½ / q*)
    double q0 = Math.exp(composed[0]) / (Math.exp(composed[0]) + Math.exp(composed[1]));
    double kl = twoWordKl(0.5, q0);
    TokenLosses.PerToken loss = TokenLosses.alignDistil(dpo, reverseDpo, distribution(0.5), 0.1, 2.0, 1.0);
    assertThat(only(loss.metrics().get("distill/kl"))).isCloseTo(kl, within(TOLERANCE));
    assertThat(only(loss.metrics().get("distill/lambda_mean"))).isCloseTo(expectedLambda, within(TOLERANCE));
    assertThat(only(loss.loss())).isCloseTo(0.1 / expectedLambda * kl, within(TOLERANCE));
  }

  @Test
  void contrastiveExtrapolatesByAFixedLambdaAndWeighsTheKlByBetaOverLambda() {
    // π_dpo = (¼, ¾), π_rdpo = (½, ½), λ = 2: z* = 3·ln(¼, ¾) − 2·ln(½, ½), so π* ∝ (¼)³ : (¾)³ = (1/28, 27/28)
    TokenLosses.PerToken loss =
        TokenLosses.contrastive(distribution(0.25), distribution(0.5), distribution(0.5), 0.1, 2.0, 1.0);
    assertWeightedKl(loss, twoWordKl(0.5, 1.0 / 28), 0.1 / 2.0);
    assertThat(loss.metrics()).containsOnlyKeys("distill/kl");

    // At T = 2 the teacher is softmax(z*/2) ∝ (1/28)^½ : (27/28)^½ = 1 : √27
    TokenLosses.PerToken tempered =
        TokenLosses.contrastive(distribution(0.25), distribution(0.5), distribution(0.5), 0.1, 2.0, 2.0);
    assertThat(only(tempered.metrics().get("distill/kl")))
        .isCloseTo(twoWordKl(0.5, 1 / (1 + Math.sqrt(27))), within(TOLERANCE));
  }

  @Test
  void theoremMixesDpoAndReferenceLogitsByBetaOverBeta2AndWeighsTheKlByBeta2() {
    // β/β₂ = 0.1/0.05 = 2: z* = 2·ln(0.2, 0.8) − ln(0.5, 0.5), so π* ∝ 0.04 : 0.64 = (1/17, 16/17)
    TokenLosses.PerToken loss =
        TokenLosses.theorem(distribution(0.2), distribution(0.5), distribution(0.25), 0.1, 0.05, 1.0);
    assertWeightedKl(loss, twoWordKl(0.25, 1.0 / 17), 0.05);

    // β₂ = 10·β: a tenth of the way from the reference (½, ½) to π_dpo in logits, (0.2^0.1, 0.8^0.1) normalized
    TokenLosses.PerToken nearReference =
        TokenLosses.theorem(distribution(0.2), distribution(0.5), distribution(0.5), 0.1, 1.0, 1.0);
    double r0 = Math.pow(0.2, 0.1) / (Math.pow(0.2, 0.1) + Math.pow(0.8, 0.1));
    assertWeightedKl(nearReference, twoWordKl(0.5, r0), 1.0);
  }

  @Test
  void identicalDpoModelsGiveTheFloorLambdaAndTheDpoDistribution() {
    Tensor dpo = distribution(0.3);
    Tensor lambda = TokenLosses.alignDistilLambda(dpo, dpo, 5.0);
    assertThat(only(lambda)).isCloseTo(1e-3, within(1e-9));
    assertThat(values(TokenLosses.composedLogits(dpo, dpo, lambda))).containsExactly(values(dpo));
  }

  @Test
  void chunkBinaryKlComparesTheTeachersCoinWithTheStudents() {
    // Teacher chunk probabilities ½ and ⅛, student ¼ and ⅛, at τ = 1:
    // ½·ln(½ / ¼) + ½·ln(½ / ¾) = 0.143841, and 0 where they agree.
    Tensor teacher = tensor(new float[] {(float) Math.log(0.5), (float) Math.log(0.125)});
    Tensor student = tensor(new float[] {(float) Math.log(0.25), (float) Math.log(0.125)});
    assertThat(values(TokenLosses.chunkBinaryKl(teacher, student, 1.0)))
        .containsExactly(new double[] {0.143841, 0}, within(1e-5));

    // τ = 2 takes square roots: chunk probabilities ¼ and 1/16 become ½ and ¼, the first pair above.
    Tensor teacherSquared = tensor(new float[] {(float) Math.log(0.25)});
    Tensor studentSquared = tensor(new float[] {(float) Math.log(0.0625)});
    assertThat(only(TokenLosses.chunkBinaryKl(teacherSquared, studentSquared, 2.0)))
        .isCloseTo(0.143841, within(1e-5));
  }

  @Test
  void chunkBinaryKlIsFlatWhereTheStudentMatchesTheTeacher() {
    Tensor student = tensor(new float[] {(float) Math.log(0.3), -4.0f, -1e-3f}).requires_grad_(true);
    Tensor teacher = tensor(new float[] {(float) Math.log(0.3), -4.0f, -1e-3f});
    TokenLosses.chunkBinaryKl(teacher, student, 100.0).sum().backward();
    assertThat(values(student.grad())).containsExactly(new double[] {0, 0, 0}, within(1e-4));

    Tensor lower = tensor(new float[] {-8.0f}).requires_grad_(true);
    TokenLosses.chunkBinaryKl(tensor(new float[] {-4.0f}), lower, 100.0).sum().backward();
    assertThat(only(lower.grad())).as("a student below the teacher is pushed up").isNegative();
  }
}
