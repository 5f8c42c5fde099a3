package dev.pedigree.workflows.spec;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MergeSpecTest {
  private static final ObjectMapper STRICT =
      new ObjectMapper().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  private static MergeSpec parse(String json) throws Exception {
    return STRICT.readValue(json, MergeSpec.class);
  }

  private static List<String> errors(String json) throws Exception {
    return parse(json).validate("$.spec").stream().map(error -> error.field() + " " + error.message()).toList();
  }

  @Test
  void defaultsAreFilledForTheMethodOnlyAndSurviveARoundTrip() throws Exception {
    MergeSpec ties = parse("{\"method\":\"ties\",\"parents\":[\"p0\",\"p1\",\"p2\"],\"base\":\"b\"}");
    assertThat(ties.weights()).containsExactly(1.0 / 3, 1.0 / 3, 1.0 / 3);
    assertThat(ties.scale()).isEqualTo(1.0);
    assertThat(ties.density()).isEqualTo(0.5);
    assertThat(ties.seed()).isNull();
    assertThat(ties.t()).isNull();
    assertThat(ties.totalSteps()).isEqualTo(1);
    assertThat(ties.validate("$.spec")).isEmpty();
    assertThat(parse(STRICT.writeValueAsString(ties))).isEqualTo(ties);

    MergeSpec positioning =
        parse("{\"method\":\"self-positioning\",\"parents\":[\"p0\",\"p1\"],\"base\":\"b\",\"selfPositioning\":"
            + "{\"tasks\":[\"g-arith:add\",\"g-arith:multiply\"],\"steps\":25,\"perLayer\":true}}");
    assertThat(positioning.validate("$.spec")).isEmpty();
    assertThat(positioning.totalSteps()).isEqualTo(25);
    assertThat(positioning.selfPositioning().checkpointEvery()).isEqualTo(10);
    assertThat(positioning.seed()).isZero();
    assertThat(parse(STRICT.writeValueAsString(positioning))).isEqualTo(positioning);
  }

  @Test
  void eachInputIsAMergedFromEdgeWithItsWeight() throws Exception {
    MergeSpec spec = parse("{\"method\":\"task-arithmetic\",\"parents\":[\"p0\",\"p1\"],\"weights\":[0.3,0.7],"
        + "\"base\":\"b\",\"scale\":2}");
    assertThat(spec.modelInputs("$.spec")).containsExactly(
        new ModelInput("parent.0", "p0", "merged_from", Map.of("method", "task-arithmetic", "weight", 0.3),
            "$.spec.parents[0]"),
        new ModelInput("parent.1", "p1", "merged_from", Map.of("method", "task-arithmetic", "weight", 0.7),
            "$.spec.parents[1]"),
        new ModelInput("base", "b", "merged_from", Map.of("method", "task-arithmetic", "role", "base"),
            "$.spec.base"));
    MergeSpec slerp = parse("{\"method\":\"slerp\",\"parents\":[\"p0\",\"p1\"],\"t\":0.25}");
    assertThat(slerp.modelInputs("$.spec")).extracting(input -> input.params().get("weight"))
        .containsExactly(0.75, 0.25);
  }

  @Test
  void everyExampleIsAValidMergeSpec() throws Exception {
    try (var files = Files.list(Path.of("../examples/merge"))) {
      List<Path> examples = files.filter(file -> file.toString().endsWith(".json")).sorted().toList();
      assertThat(examples).hasSize(MergeSpec.METHODS.size());
      for (Path example : examples) {
        JsonNode request = STRICT.readTree(example.toFile());
        assertThat(request.get("kind").asText()).isEqualTo("merge");
        MergeSpec spec = STRICT.treeToValue(request.get("spec"), MergeSpec.class);
        assertThat(spec.validate("$.spec")).as(example.toString()).isEmpty();
      }
    }
  }

  @Test
  void fieldsAreCheckedAgainstTheMethod() throws Exception {
    assertThat(errors("{\"method\":\"slerp\",\"parents\":[\"a\",\"b\",\"c\"]}"))
        .containsExactly("$.spec.parents slerp merges exactly 2 parents, got 3");
    assertThat(errors("{\"method\":\"ties\",\"parents\":[\"a\"]}"))
        .containsExactly("$.spec.base ties needs the base model the parents were fine-tuned from");
    assertThat(errors("{\"method\":\"linear\",\"parents\":[\"a\",\"b\"],\"density\":0.2,\"base\":\"c\"}"))
        .containsExactly("$.spec.base applies to methods [task-arithmetic, ties, dare, self-positioning, transplant] only",
            "$.spec.density applies to methods [ties, dare] only");
    assertThat(errors("{\"method\":\"dare\",\"parents\":[\"a\",\"b\"],\"weights\":[1],\"base\":\"c\","
        + "\"density\":0}")).containsExactly("$.spec.weights needs one weight per parent: 2, got 1",
            "$.spec.density must be in (0, 1], was 0.0");
    assertThat(errors("{\"method\":\"task-arithmetic\",\"parents\":[\"a\",\"b\"],\"weights\":[1e38,-100.5],"
        + "\"base\":\"c\"}")).containsExactly("$.spec.weights[0] must be between -100.0 and 100.0, was 1.0E38",
            "$.spec.weights[1] must be between -100.0 and 100.0, was -100.5");
    assertThat(errors("{\"method\":\"merge-all\",\"parents\":[]}")).contains(
        "$.spec.method must be one of [dare, linear, self-positioning, slerp, task-arithmetic, ties, transplant]", "$.spec.parents must be between 1 and 32, was 0");
    assertThat(errors("{\"method\":\"self-positioning\",\"parents\":[\"a\"],\"base\":\"b\","
        + "\"selfPositioning\":{\"tasks\":[\"g-text\"]}}"))
        .containsExactly("$.spec.selfPositioning.tasks[0] must be one of [g-arith, g-arith:add, g-arith:multiply, g-arith:subtract, g-seq, g-seq:copy, g-seq:reverse, g-seq:sort]");
    assertThat(errors("{\"method\":\"self-positioning\",\"parents\":[\"a\"],\"base\":\"b\","
        + "\"selfPositioning\":{\"checkpointEvery\":0}}"))
        .containsExactly("$.spec.selfPositioning.checkpointEvery must be between 1 and 100000, was 0");
  }

  @Test
  void aTransplantTakesABaseAndADonorWithTheirOwnRoles() throws Exception {
    MergeSpec spec = parse("{\"method\":\"transplant\",\"base\":\"b\",\"donor\":\"d\"}");
    assertThat(spec.validate("$.spec")).isEmpty();
    assertThat(spec.init()).isEqualTo("omp");
    assertThat(spec.k()).isEqualTo(64);
    assertThat(spec.weights()).isNull();
    assertThat(spec.inputCompatibility()).isEqualTo(InputCompatibility.NONE);
    assertThat(parse(STRICT.writeValueAsString(spec))).isEqualTo(spec);
    assertThat(spec.modelInputs("$.spec")).containsExactly(
        new ModelInput("base", "b", "merged_from", Map.of("method", "transplant", "role", "base"), "$.spec.base"),
        new ModelInput("donor", "d", "merged_from", Map.of("method", "transplant", "role", "donor"), "$.spec.donor"));
    MergeSpec mean = parse("{\"method\":\"transplant\",\"base\":\"b\",\"donor\":\"d\",\"init\":\"mean\"}");
    assertThat(mean.k()).isNull();
    assertThat(mean.globalWeight()).isNull();
    assertThat(mean.validate("$.spec")).isEmpty();
  }

  @Test
  void tokenAdaptGetsItsAuthorsDefaultsAndChecksItsFields() throws Exception {
    MergeSpec spec = parse("{\"method\":\"transplant\",\"base\":\"b\",\"donor\":\"d\",\"init\":\"tokenadapt\"}");
    assertThat(spec.validate("$.spec")).isEmpty();
    assertThat(List.of(spec.k(), spec.globalWeight(), spec.temperature())).containsExactly(3, 0.3, 0.3);
    assertThat(parse(STRICT.writeValueAsString(spec))).isEqualTo(spec);
    MergeSpec tuned = parse("{\"method\":\"transplant\",\"base\":\"b\",\"donor\":\"d\",\"init\":\"tokenadapt\","
        + "\"k\":8,\"globalWeight\":1,\"temperature\":0.05}");
    assertThat(List.of(tuned.k(), tuned.globalWeight(), tuned.temperature())).containsExactly(8, 1.0, 0.05);
    assertThat(tuned.validate("$.spec")).isEmpty();

    assertThat(errors("{\"method\":\"transplant\",\"base\":\"b\",\"donor\":\"d\",\"init\":\"tokenadapt\","
        + "\"k\":0,\"globalWeight\":1.5,\"temperature\":0}")).containsExactly(
            "$.spec.k must be between 1 and 4096, was 0",
            "$.spec.globalWeight must be between 0.0 and 1.0, was 1.5",
            "$.spec.temperature must be in (0, 5.0], was 0.0");
    assertThat(errors("{\"method\":\"transplant\",\"base\":\"b\",\"donor\":\"d\",\"globalWeight\":0.5,"
        + "\"temperature\":0.3}")).containsExactly("$.spec.globalWeight applies to init tokenadapt only",
            "$.spec.temperature applies to init tokenadapt only");
    assertThat(errors("{\"method\":\"linear\",\"parents\":[\"a\"],\"temperature\":0.3}"))
        .containsExactly("$.spec.temperature applies to init tokenadapt only");
  }

  @Test
  void transplantFieldsAreChecked() throws Exception {
    assertThat(errors("{\"method\":\"transplant\",\"parents\":[\"a\"],\"k\":0}")).containsExactly(
        "$.spec.parents transplant takes a base and a donor, not parents",
        "$.spec.base transplant needs the base model to move onto the donor's tokenizer",
        "$.spec.donor transplant needs the donor model whose tokenizer the base takes",
        "$.spec.k must be between 1 and 4096, was 0");
    assertThat(errors("{\"method\":\"transplant\",\"base\":\"b\",\"donor\":\"d\",\"init\":\"zero\",\"k\":8}"))
        .containsExactly("$.spec.k applies to inits [omp, tokenadapt] only");
    assertThat(errors("{\"method\":\"transplant\",\"base\":\"b\",\"donor\":\" \",\"init\":\"random\"}"))
        .containsExactly("$.spec.donor must be a model artifact id",
            "$.spec.init must be one of [mean, omp, subword-mean, tokenadapt, zero]");
    assertThat(errors("{\"method\":\"ties\",\"parents\":[\"a\"],\"base\":\"b\",\"donor\":\"d\",\"init\":\"omp\"}"))
        .containsExactly("$.spec.donor applies to methods [transplant] only",
            "$.spec.init applies to methods [transplant] only");
  }
}
