package dev.pedigree.workers.engine.data;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pedigree.workflows.spec.DataSpec;
import dev.pedigree.workflows.spec.DomainSpec;
import java.util.List;
import org.junit.jupiter.api.Test;

class CorpusTest {
  private static final DomainSpec ADDITION =
      new DomainSpec("add", 1.0, "g-arith", 40, 5L, List.of("add"), 1.0, null, null, null);

  @Test
  void trainDocumentsKeepsTheFirstTrainingDocumentsAndEveryHeldOutOne() {
    Corpus whole = Corpus.of(ADDITION);
    Corpus scarce = Corpus.of(ADDITION.withTrainDocuments(5));
    assertThat(whole.train()).hasSize(36);
    assertThat(whole.validation()).hasSize(4);
    assertThat(scarce.train()).containsExactlyElementsOf(whole.train().subList(0, 5));
    assertThat(scarce.validation()).containsExactlyElementsOf(whole.validation());
    assertThat(scarce.train().get(4)).isEqualTo(Generators.of(ADDITION).document(4));
  }

  @Test
  void aRenamedDomainHasTheSameDocuments() {
    assertThat(Corpus.of(ADDITION.withNameAndWeight("other", 0.0))).isEqualTo(Corpus.of(ADDITION));
  }

  @Test
  void aSourceNamesTrainDocumentsOnlyWhenItKeepsFewer() {
    DomainSpec whole = ADDITION.withNameAndWeight("scarce", 1.0);
    List<DatasetSource> sources =
        DatasetSource.of(DataSpec.mixture(List.of(ADDITION, whole.withTrainDocuments(5)), null));
    assertThat(sources.get(0).recipe()).doesNotContainKey("trainDocuments");
    assertThat(sources.get(1).recipe()).containsEntry("trainDocuments", 5);
    assertThat(sources.get(1).sha256())
        .isNotEqualTo(DatasetSource.of(DataSpec.mixture(List.of(ADDITION, whole), null)).get(1).sha256());
  }
}
