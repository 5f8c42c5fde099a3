package dev.pedigree.workers.engine.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class GFactsConflictGeneratorTest {
  private final GFactsConflictGenerator generator = new GFactsConflictGenerator(3, 24);

  @Test
  void documentsAndQuestionsDependOnlyOnTheSeed() {
    GFactsConflictGenerator again = new GFactsConflictGenerator(3, 24);
    for (long index = 0; index < 50; index++) {
      assertThat(again.document(index)).isEqualTo(generator.document(index));
      assertThat(again.question(index, true)).isEqualTo(generator.question(index, true));
      assertThat(again.question(index, false)).isEqualTo(generator.question(index, false));
    }
    assertThat(new GFactsConflictGenerator(4, 24).document(0)).isNotEqualTo(generator.document(0));
  }

  @Test
  void aConflictContextStatesAnotherValueThanTheTableAndThatIsTheAnswer() {
    for (long index = 0; index < 200; index++) {
      ContextQuestion question = generator.question(index, true);
      assertThat(question.conflict()).isTrue();
      assertThat(generator.facts()).contains(question.known()).doesNotContain(question.asked());
      assertThat(question.asked().value()).isNotEqualTo(question.known().value());
      assertThat(question.asked().entity()).isEqualTo(question.known().entity());
      assertThat(question.asked().attribute()).isEqualTo(question.known().attribute());
      assertThat(question.context()).contains(question.asked().sentence()).doesNotContain(question.known().sentence());
      assertThat(question.withContext().answer()).isEqualTo(question.asked().value());
    }
  }

  @Test
  void aNoConflictContextStatesTheTablesValue() {
    for (long index = 0; index < 200; index++) {
      ContextQuestion question = generator.question(index, false);
      assertThat(question.conflict()).isFalse();
      assertThat(generator.facts()).contains(question.asked());
      assertThat(question.context()).contains(question.asked().sentence());
      assertThat(question.withContext().document())
          .endsWith(question.question() + " <a>" + question.asked().value() + "</a>\n");
    }
  }

  @Test
  void trainingDocumentsMixClosedBookFreshAndAgreeingQuestionsAndNeverContradictTheTable() {
    Set<String> tableSentences = generator.facts().stream().map(Fact::sentence).collect(Collectors.toSet());
    Set<String> entities = generator.facts().stream().map(Fact::entity).collect(Collectors.toSet());
    List<String> documents = LongStream.range(0, 2000).mapToObj(generator::document).toList();
    long closedBook = documents.stream().filter(document -> document.startsWith("Q: ")).count();
    long fresh = documents.stream()
        .filter(document -> !document.startsWith("Q: ") && !entities.contains(firstEntity(document))).count();
    assertThat(closedBook).isBetween(700L, 900L);
    assertThat(fresh).isBetween(700L, 900L);
    assertThat(2000 - closedBook - fresh).isBetween(300L, 500L);
    for (String document : documents) {
      if (entities.contains(firstEntity(document))) {
        for (String sentence : document.substring(0, document.indexOf("Q: ")).split("(?<=\\.) ")) {
          assertThat(sentence.isBlank() || tableSentences.contains(sentence.strip())).as(document).isTrue();
        }
      }
    }
  }

  @Test
  void fewerFreshFifthsMeanMoreClosedBookDocumentsOverTheSameTable() {
    GFactsConflictGenerator stubborn = new GFactsConflictGenerator(3, 24, 1);
    assertThat(stubborn.facts()).isEqualTo(generator.facts());
    long closedBook = LongStream.range(0, 2000).filter(index -> stubborn.document(index).startsWith("Q: ")).count();
    assertThat(closedBook).isBetween(1100L, 1300L);
    assertThatThrownBy(() -> new GFactsConflictGenerator(3, 24, 4)).hasMessageContaining("freshFifths");
  }

  private static String firstEntity(String document) {
    return document.substring(document.startsWith("Q: ") ? 3 : 0).split(" ")[0];
  }

  @Test
  void everyDocumentAndQuestionFitsTheBenchModelsContext() {
    int longest = LongStream.range(0, 5000).mapToInt(index -> generator.document(index).length()).max().orElseThrow();
    assertThat(longest).isLessThanOrEqualTo(128);
    for (long index = 0; index < 500; index++) {
      assertThat(generator.question(index, index % 2 == 0).withContext().prompt().length() + 24).isLessThanOrEqualTo(129);
    }
  }
}
