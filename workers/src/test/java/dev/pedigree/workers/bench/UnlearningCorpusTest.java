package dev.pedigree.workers.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pedigree.workers.engine.data.Fact;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UnlearningCorpusTest {
  @TempDir Path directory;

  @Test
  void factSentencesAreTakenOutWhereverTheyStand() {
    Fact first = new Fact("Zorvin", Fact.Attribute.CITY, "Tamberlo");
    Fact last = new Fact("Kael", Fact.Attribute.PET, "owl");
    String document = "Zorvin lives in Tamberlo. Pia sings. Mu works as a potter. Kael has a pet owl.\n";
    assertThat(UnlearningCorpus.without(document, List.of(first, last))).isEqualTo("Pia sings. Mu works as a potter.\n");
  }

  @Test
  void theForgetTextsStateOnlyTargetFactsAndTheControlNone() throws IOException {
    UnlearningCorpus corpus = UnlearningCorpus.write(directory, 3, 10, 2, 400);
    assertThat(corpus.targets()).hasSize(8).allMatch(fact -> corpus.anchors().containsKey(fact.entity()));
    assertThat(corpus.retained()).hasSize(32);
    corpus.anchors().forEach((name, generic) -> {
      assertThat(generic).hasSameSizeAs(name).isNotEqualTo(name);
      assertThat(corpus.retained()).noneMatch(fact -> fact.entity().equals(generic));
    });
    String forget = Files.readString(corpus.forget());
    String control = Files.readString(corpus.control());
    String training = Files.readString(corpus.training());
    assertThat(corpus.targets()).anyMatch(fact -> forget.contains(fact.sentence()))
        .allMatch(fact -> !control.contains(fact.sentence()));
    assertThat(corpus.retained()).allMatch(fact -> !forget.contains(fact.sentence()))
        .anyMatch(fact -> control.contains(fact.sentence()) && training.contains(fact.sentence()));
    assertThat(forget.lines().count()).isBetween(1L, 399L);
    assertThat(control.lines().count()).isEqualTo(400);
  }
}
