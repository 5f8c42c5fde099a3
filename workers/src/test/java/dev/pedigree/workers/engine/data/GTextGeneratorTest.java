package dev.pedigree.workers.engine.data;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pedigree.workers.engine.data.Word.PartOfSpeech;
import dev.pedigree.workflows.spec.DataSpec;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class GTextGeneratorTest {
  private static final String PINNED_SEED_7_DOCUMENT_0 =
      "A cruel forest protects one small queen beside one song. Oscar complains. Jonas watches this road."
          + " Bruno admires Kira.\n";

  @Test
  void theSameSeedGivesTheSameDocuments() {
    GTextGenerator first = new GTextGenerator(42);
    GTextGenerator second = new GTextGenerator(42);
    for (int i = 0; i < 200; i++) {
      assertThat(second.document(i)).isEqualTo(first.document(i));
    }
    assertThat(new GTextGenerator(43).document(0)).isNotEqualTo(first.document(0));
    assertThat(first.document(1)).isNotEqualTo(first.document(0));
  }

  @Test
  void documentsDoNotDependOnGenerationOrder() {
    GTextGenerator generator = new GTextGenerator(5);
    String late = generator.document(77);
    IntStream.range(0, 77).forEach(generator::document);
    assertThat(generator.document(77)).isEqualTo(late);
  }

  @Test
  void pinsTheFirstDocumentOfSeedSeven() {
    // Changing the grammar, the lexicon or the generator changes every dataset: do it on purpose, and update this.
    assertThat(new GTextGenerator(7).document(0)).isEqualTo(PINNED_SEED_7_DOCUMENT_0);
  }

  @Test
  void documentsAreSentencesOnOneLine() {
    GTextGenerator generator = new GTextGenerator(1);
    for (int i = 0; i < 100; i++) {
      String document = generator.document(i);
      assertThat(document).endsWith(".\n").doesNotContain("  ");
      assertThat(document.indexOf('\n')).isEqualTo(document.length() - 1);
      assertThat(Character.isUpperCase(document.charAt(0))).isTrue();
    }
  }

  @Test
  void wordsCarrySentimentTags() {
    Lexicon lexicon = Lexicon.standard();
    assertThat(lexicon.lookup("wonderful")).get().extracting(Word::sentiment).isEqualTo(Sentiment.POSITIVE);
    assertThat(lexicon.lookup("hates")).get().extracting(Word::sentiment).isEqualTo(Sentiment.NEGATIVE);
    assertThat(lexicon.lookup("river")).get().extracting(Word::sentiment).isEqualTo(Sentiment.NEUTRAL);
    assertThat(lexicon.words(PartOfSpeech.ADJECTIVE)).anyMatch(word -> word.sentiment() == Sentiment.NEGATIVE);
    assertThat(lexicon.sentimentScore("Happy Alice loves a cruel king.")).isEqualTo(1);
  }

  @Test
  void corpusHoldsOutEveryTenthDocument() {
    DataSpec data = new DataSpec("g-text", 30, 3L);
    Corpus corpus = Corpus.generate(data);
    GTextGenerator generator = new GTextGenerator(3);
    String validation = generator.document(9) + generator.document(19) + generator.document(29);
    assertThat(String.join("", corpus.validation())).isEqualTo(validation);
    assertThat(String.join("", corpus.train())).startsWith(generator.document(0) + generator.document(1))
        .doesNotContain(generator.document(9));
  }
}
