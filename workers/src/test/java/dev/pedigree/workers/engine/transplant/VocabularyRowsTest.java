package dev.pedigree.workers.engine.transplant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.pedigree.workers.engine.tokenizer.VocabularyMatch;
import org.junit.jupiter.api.Test;

class VocabularyRowsTest {
  /** New ids 0..2 are old ids 2, 0, 1; new id 3 is new, spelled by old ids 0 and 1. */
  private static final VocabularyMatch MATCH =
      new VocabularyMatch(new int[] {2, 0, 1, -1}, new int[][] {{2}, {0}, {1}, {0, 1}});
  private static final float[][] BASE = {{1, 0}, {0, 2}, {4, 4}};
  /** The donor's rows: new ids 0..2 on the axes, the new token at cosine 0.6, 0.8 and 0 to them. */
  private static final float[][] DONOR_AXES = {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}, {3, 4, 0}};
  /** exp(0.8 / τ) = 3 · exp(0.6 / τ): the two nearest shared tokens weigh 3 : 1. */
  private static final double THIRDS = 0.2 / Math.log(3);

  @Test
  void sharedTokensCopyTheBaseRowsAndBaselinesFillTheRest() {
    float[][] donor = new float[4][3];

    assertThat(VocabularyRows.build(BASE, donor, MATCH, TransplantSettings.of(TransplantInit.ZERO, 2)).rows())
        .isEqualTo(new float[][] {{4, 4}, {1, 0}, {0, 2}, {0, 0}});
    assertThat(VocabularyRows.build(BASE, donor, MATCH, TransplantSettings.of(TransplantInit.MEAN, 2)).rows()[3])
        .containsExactly(new float[] {5f / 3, 2f}, within(1e-6f));
    assertThat(subwordMean(donor)).containsExactly(0.5f, 1f);
  }

  @Test
  void ompAppliesTheDonorSpaceCoefficientsToTheAnchorsBaseRows() {
    // The donor's rows of new ids 0..2, and the new token = 2·(new id 1) − (new id 2) in the donor's space.
    float[][] donor = {{1, 1, 0}, {1, 0, 0}, {0, 1, 1}, {2, -1, -1}};

    VocabularyRows rows = VocabularyRows.build(BASE, donor, MATCH, TransplantSettings.of(TransplantInit.OMP, 64));

    // The same combination of the base rows of new ids 1 (old 0) and 2 (old 1): 2·(1, 0) − (0, 2).
    assertThat(rows.rows()[3]).containsExactly(new float[] {2, -2}, within(1e-6f));
    assertThat(rows.meanRelativeResidual()).isLessThan(1e-9);
    assertThat(rows.rows()[0]).isEqualTo(BASE[2]);
  }

  @Test
  void tokenAdaptMixesTheNearestSharedTokensBaseRowsIntoTheSubwordMean() {
    TransplantSettings settings = new TransplantSettings(TransplantInit.TOKEN_ADAPT, 2, 0.4, THIRDS);

    float[] row = VocabularyRows.build(BASE, DONOR_AXES, MATCH, settings).rows()[3];

    // Global: 0.75 · base row of new id 1 (1, 0) + 0.25 · of new id 0 (4, 4) = (1.75, 1); local: ((1, 0) + (0, 2)) / 2.
    // 0.4 · (1.75, 1) + 0.6 · (0.5, 1) = (1, 1).
    assertThat(row).containsExactly(new float[] {1, 1}, within(1e-6f));
  }

  @Test
  void tokenAdaptTakesAtMostTheSharedTokensAndItsEndsAreGlobalAloneAndTheSubwordMean() {
    float[] allThree = VocabularyRows.build(BASE, DONOR_AXES, MATCH,
        new TransplantSettings(TransplantInit.TOKEN_ADAPT, 5, 1, THIRDS)).rows()[3];
    float[] nearest = VocabularyRows.build(BASE, DONOR_AXES, MATCH,
        new TransplantSettings(TransplantInit.TOKEN_ADAPT, 1, 1, THIRDS)).rows()[3];
    float[] local = VocabularyRows.build(BASE, DONOR_AXES, MATCH,
        new TransplantSettings(TransplantInit.TOKEN_ADAPT, 2, 0, THIRDS)).rows()[3];

    // Weights 81 : 27 : 1 for new ids 1, 0, 2 (cosines 0.8, 0.6, 0), over base rows (1, 0), (4, 4), (0, 2).
    assertThat(allThree).containsExactly(new float[] {189f / 109, 110f / 109}, within(1e-6f));
    assertThat(nearest).containsExactly(1f, 0f);
    assertThat(local).isEqualTo(subwordMean(DONOR_AXES));
  }

  private static float[] subwordMean(float[][] donor) {
    return VocabularyRows.build(BASE, donor, MATCH, TransplantSettings.of(TransplantInit.SUBWORD_MEAN, 0)).rows()[3];
  }

  @Test
  void settingsOutsideTheirRangesAreRefused() {
    assertThatThrownBy(() -> TransplantSettings.of(TransplantInit.TOKEN_ADAPT, 0))
        .hasMessage("k must be at least 1, was 0");
    assertThatThrownBy(() -> new TransplantSettings(TransplantInit.TOKEN_ADAPT, 3, 1.5, 0.3))
        .hasMessage("globalWeight must be in [0, 1], was 1.5");
    assertThatThrownBy(() -> new TransplantSettings(TransplantInit.TOKEN_ADAPT, 3, 0.3, 0))
        .hasMessage("temperature must be positive, was 0.0");
    assertThat(TransplantSettings.of(TransplantInit.MEAN, 0).k()).isZero();
  }
}
