package dev.pedigree.workflows.spec;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

class DataSpecTest {
  private static final ObjectMapper STRICT =
      new ObjectMapper().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  private static List<String> errors(DataSpec data) {
    SpecChecks checks = new SpecChecks();
    data.check(checks, "$.data");
    return checks.errors().stream().map(error -> error.field() + " " + error.message()).toList();
  }

  @Test
  void omittedFieldsKeepTodaysGeneratedByteCorpus() throws Exception {
    DataSpec parsed = STRICT.readValue("{}", DataSpec.class);
    assertThat(parsed).isEqualTo(DataSpec.defaults());
    assertThat(parsed).isEqualTo(new DataSpec("g-text", 4000, 7L, "byte", 512, List.of(), null));
    assertThat(errors(parsed)).isEmpty();
    DataSpec bpe = STRICT.readValue("{\"generator\":\"g-arith\",\"tokenizer\":\"bpe\",\"vocabSize\":1024}", DataSpec.class);
    assertThat(STRICT.readValue(STRICT.writeValueAsString(bpe), DataSpec.class)).isEqualTo(bpe);
  }

  @Test
  void filesReplaceTheGenerator() throws Exception {
    DataSpec files = STRICT.readValue("{\"files\":[\"/data/a.txt\",\"/data/b.jsonl\"],\"cacheDir\":\"/cache\"}",
        DataSpec.class);
    assertThat(files.generator()).isNull();
    assertThat(files.fromFiles()).isTrue();
    assertThat(errors(files)).isEmpty();
    assertThat(STRICT.readValue(STRICT.writeValueAsString(files), DataSpec.class)).isEqualTo(files);
  }

  @Test
  void rejectsWhatCannotRun() {
    assertThat(errors(new DataSpec("g-lorem", null, null))).containsExactly(
        "$.data.generator must be one of [g-arith, g-dup, g-facts, g-markov, g-noise, g-seq, g-text]");
    assertThat(errors(new DataSpec("g-text", null, null, "wordpiece", 100, null, "/cache"))).containsExactlyInAnyOrder(
        "$.data.tokenizer must be one of [bpe, byte]",
        "$.data.vocabSize must be between 257 and 262144, was 100",
        "$.data.cacheDir applies to files only");
    assertThat(errors(new DataSpec("g-text", null, null, null, null, List.of("a.csv"), null))).containsExactly(
        "$.data.generator must be omitted when files are given",
        "$.data.files[0] must be a path ending in .txt or .jsonl");
  }

  @Test
  void markovOptionsDefaultUnderGMarkovAndAreCheckedWithTheirPaths() throws Exception {
    DataSpec markov = STRICT.readValue("{\"generator\":\"g-markov\",\"markov\":{\"order\":3}}", DataSpec.class);
    assertThat(markov.markov()).isEqualTo(new MarkovSpec(3, "switching", 0.8, 0.8, 1024));
    assertThat(errors(markov)).isEmpty();
    assertThat(STRICT.readValue(STRICT.writeValueAsString(markov), DataSpec.class)).isEqualTo(markov);
    assertThat(STRICT.readValue("{\"generator\":\"g-markov\"}", DataSpec.class).markov())
        .isEqualTo(MarkovSpec.defaults());
    assertThat(STRICT.writeValueAsString(DataSpec.defaults())).doesNotContain("markov");

    assertThat(errors(DataSpec.markov(new MarkovSpec(9, null, 1.0, 0.0, 8), 100, 1, "byte", 512)))
        .containsExactlyInAnyOrder(
            "$.data.markov.order must be between 1 and 8, was 9",
            "$.data.markov.switchFromZero must be above 0 and below 1, was 1.0",
            "$.data.markov.switchFromOne must be above 0 and below 1, was 0.0",
            "$.data.markov.length must be between 16 and 100000, was 8");
    assertThat(errors(DataSpec.markov(new MarkovSpec(2, "random", 0.5, null, null), 100, 1, "byte", 512)))
        .containsExactly("$.data.markov.switchFromZero applies to switching transitions only");
    assertThat(errors(DataSpec.markov(new MarkovSpec(2, "sticky", null, null, null), 100, 1, "byte", 512)))
        .containsExactly("$.data.markov.transitions must be one of [random, switching]");
    assertThat(errors(new DataSpec("g-text", null, null, null, null, null, null, null, null, MarkovSpec.defaults())))
        .containsExactly("$.data.markov applies to g-markov only");
  }
}
