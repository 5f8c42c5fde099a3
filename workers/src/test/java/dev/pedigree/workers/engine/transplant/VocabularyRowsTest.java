package dev.pedigree.workers.engine.transplant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.pedigree.workers.engine.tokenizer.VocabularyMatch;
import org.junit.jupiter.api.Test;

class VocabularyRowsTest {
  /** New ids 0..2 are old ids 2, 0, 1; new id 3 is new, spelled by old ids 0 and 1. */
  private static final VocabularyMatch MATCH =
      new VocabularyMatch(new int[] {2, 0, 1, -1}, new int[][] {{2}, {0}, {1}, {0, 1}});
  private static final float[][] BASE = {{1, 0}, {0, 2}, {4, 4}};

  @Test
  void sharedTokensCopyTheBaseRowsAndBaselinesFillTheRest() {
    float[][] donor = new float[4][3];

    assertThat(VocabularyRows.build(BASE, donor, MATCH, TransplantInit.ZERO, 2).rows())
        .isEqualTo(new float[][] {{4, 4}, {1, 0}, {0, 2}, {0, 0}});
    assertThat(VocabularyRows.build(BASE, donor, MATCH, TransplantInit.MEAN, 2).rows()[3])
        .containsExactly(new float[] {5f / 3, 2f}, within(1e-6f));
    assertThat(VocabularyRows.build(BASE, donor, MATCH, TransplantInit.SUBWORD_MEAN, 2).rows()[3])
        .containsExactly(0.5f, 1f);
  }

  @Test
  void ompAppliesTheDonorSpaceCoefficientsToTheAnchorsBaseRows() {
    // The donor's rows of new ids 0..2, and the new token = 2·(new id 1) − (new id 2) in the donor's space.
    float[][] donor = {{1, 1, 0}, {1, 0, 0}, {0, 1, 1}, {2, -1, -1}};

    VocabularyRows rows = VocabularyRows.build(BASE, donor, MATCH, TransplantInit.OMP, 64);

    // The same combination of the base rows of new ids 1 (old 0) and 2 (old 1): 2·(1, 0) − (0, 2).
    assertThat(rows.rows()[3]).containsExactly(new float[] {2, -2}, within(1e-6f));
    assertThat(rows.meanRelativeResidual()).isLessThan(1e-9);
    assertThat(rows.rows()[0]).isEqualTo(BASE[2]);
  }
}
