package dev.pedigree.workers.engine.selection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * PreSelect's pieces on hand-computed cases: ranks with ties, S(d), the n-gram scorer, the quality classifier and the
 * top-fraction order.
 */
class PreSelectMathTest {
  @Test
  void tiedValuesShareTheMeanOfTheirRanks() {
    assertThat(SpearmanCorrelation.ranks(new double[] {10, 20, 20, 30})).containsExactly(1, 2.5, 2.5, 4);
    assertThat(SpearmanCorrelation.ranks(new double[] {5, 5, 5})).containsExactly(2, 2, 2);
  }

  @Test
  void pearsonIsTheTextbookValue() {
    // deviations (-1, 0, 1) and (-7, -1, 8)/3: covariance 5, variances 2 and 114/9
    assertThat(PearsonCorrelation.of(new double[] {1, 2, 3}, new double[] {2, 4, 7}))
        .isCloseTo(5 / Math.sqrt(2 * 114.0 / 9), within(1e-12));
  }

  @Test
  void spearmanWithTiesIsPearsonOfTheMeanRanks() {
    // ranks (1, 2.5, 2.5, 4) and (1, 3, 2, 4): covariance 4.5, variances 4.5 and 5, so 4.5 / sqrt(22.5) = 3/sqrt(10)
    assertThat(SpearmanCorrelation.of(new double[] {1, 2, 2, 3}, new double[] {1, 3, 2, 4}))
        .isCloseTo(3 / Math.sqrt(10), within(1e-12));
    assertThat(SpearmanCorrelation.of(new double[] {1, 2, 3}, new double[] {30, 20, 10})).isEqualTo(-1.0);
    assertThat(SpearmanCorrelation.of(new double[] {1, 2, 3}, new double[] {7, 7, 7})).isZero();
  }

  @Test
  void predictiveStrengthAgreesWhenLowerBitsGoWithHigherAbility() {
    ReferenceFamily.Measurements family = new ReferenceFamily.Measurements(new double[] {-3, -2, -1},
        new double[][] {{3.0, 1.0, 2.0}, {2.0, 2.0, 2.0}, {1.0, 3.0, 2.0}});
    assertThat(PreSelection.predictiveStrength(family)).containsExactly(1.0, -1.0, 0.0);
  }

  @Test
  void ngramFeaturesAreEachBucketsShareOfTheTextsGrams() {
    NgramFeatures abc = NgramFeatures.of(bytes("abc"));
    assertThat(abc.buckets()).hasSize(6).isSorted();
    assertThat(abc.values()).containsOnly(1.0 / 6);
    NgramFeatures aa = NgramFeatures.of(bytes("aa"));
    int a = NgramFeatures.bucket(bytes("a"), 0, 1);
    int aaBucket = NgramFeatures.bucket(bytes("aa"), 0, 2);
    assertThat(aa.dot(oneHot(a))).isCloseTo(2.0 / 3, within(1e-12));
    assertThat(aa.dot(oneHot(aaBucket))).isCloseTo(1.0 / 3, within(1e-12));
  }

  @Test
  void logisticScorerSeparatesASeparableToySetDeterministically() {
    List<NgramFeatures> examples = new ArrayList<>();
    boolean[] positive = new boolean[20];
    for (int i = 0; i < 20; i++) {
      positive[i] = i % 2 == 0;
      examples.add(NgramFeatures.of(bytes((positive[i] ? "1+2=3 " : "the cat ") + i)));
    }
    LogisticScorer scorer = LogisticScorer.fit(examples, positive, 20, 2.0, 7L);
    for (int i = 0; i < 20; i++) {
      assertThat(scorer.score(examples.get(i)) > 0.5).isEqualTo(positive[i]);
    }
    assertThat(scorer.score(NgramFeatures.of(bytes("4+5=9 "))))
        .isGreaterThan(scorer.score(NgramFeatures.of(bytes("the dog "))));
    assertThat(LogisticScorer.fit(examples, positive, 20, 2.0, 7L).weights()).isEqualTo(scorer.weights());
  }

  @Test
  void theQualityClassifierRanksTargetLikePoolWindowsAboveTheRest() {
    List<NgramFeatures> target = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      target.add(NgramFeatures.of(bytes("Q: " + (17 + 3 * i) + "+" + (48 + i) + " = ")));
    }
    List<NgramFeatures> pool = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      String text = switch (i % 4) {
        case 0 -> "Q: " + (i + 2) + "+" + (60 - i) + " = ";
        case 1 -> "the cat sat on mat " + i;
        case 2 -> "copy: abcab -> abcab " + i;
        default -> "zq#k!v" + i + "@x";
      };
      pool.add(NgramFeatures.of(bytes(text)));
    }
    LogisticScorer scorer = PreSelection.qualityClassifier(target, pool, 3L);
    double[] scores = pool.stream().mapToDouble(scorer::score).toArray();
    assertThat(TopFraction.of(scores, 0.25)).as("the ten additions of the pool, though some were negatives")
        .containsExactlyInAnyOrder(0, 4, 8, 12, 16, 20, 24, 28, 32, 36);
    assertThat(PreSelection.qualityClassifier(target, pool, 3L).weights()).isEqualTo(scorer.weights());
    assertThat(PreSelection.qualityClassifier(target, pool, 4L).weights())
        .as("the seed picks the negatives").isNotEqualTo(scorer.weights());
  }

  @Test
  void topFractionKeepsTheBestScoresFirstAndEqualScoresInIndexOrder() {
    double[] scores = {0.2, 0.9, 0.5, 0.9, 0.1};
    assertThat(TopFraction.of(scores, 0.6)).containsExactly(1, 3, 2);
    assertThat(TopFraction.of(scores, 1.0)).containsExactly(1, 3, 2, 0, 4);
    assertThat(TopFraction.of(scores, 0.01)).containsExactly(1);
    assertThat(TopFraction.count(10, 0.3)).isEqualTo(3);
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static double[] oneHot(int bucket) {
    double[] weights = new double[NgramFeatures.BUCKETS];
    weights[bucket] = 1;
    return weights;
  }
}
