package dev.pedigree.workflows.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class DistillSpecTest {
  private static final ObjectMapper STRICT =
      new ObjectMapper().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
  private static final String A = "3f2c0b52-8a9d-4d0e-9a8e-0c7f4f1f0a01";
  private static final String B = "3f2c0b52-8a9d-4d0e-9a8e-0c7f4f1f0a02";
  private static final String C = "3f2c0b52-8a9d-4d0e-9a8e-0c7f4f1f0a03";

  private static List<String> errors(String json) throws Exception {
    return STRICT.readValue(json, DistillSpec.class).validate("$.spec").stream()
        .map(error -> error.field() + " " + error.message()).toList();
  }

  @Test
  void kdDefaultsToForwardKlFromScratchAndRoundTrips() throws Exception {
    DistillSpec spec = STRICT.readValue("{\"teachers\":[\"" + A + "\",\"" + B + "\"],\"teacherWeights\":[3,1]}",
        DistillSpec.class);
    assertThat(spec.validate("$.spec")).isEmpty();
    assertThat(spec.method()).isEqualTo("kd");
    assertThat(spec.loss()).isEqualTo("forward-kl");
    assertThat(spec.alpha()).isNull();
    assertThat(spec.beta()).isNull();
    assertThat(spec.model()).isEqualTo(ModelSpec.defaults());
    assertThat(spec.normalizedTeacherWeights()).containsExactly(0.75, 0.25);
    assertThat(STRICT.readValue(STRICT.writeValueAsString(spec), DistillSpec.class)).isEqualTo(spec);
    assertThat(RunKinds.specType("distill")).contains(DistillSpec.class);
  }

  @Test
  void everyModelBecomesAnInputWithItsRelation() throws Exception {
    DistillSpec kd = STRICT.readValue(
        "{\"teachers\":[\"" + A + "\"],\"student\":\"" + B + "\",\"loss\":\"mixed\"}", DistillSpec.class);
    assertThat(kd.validate("$.spec")).isEmpty();
    assertThat(kd.alpha()).isEqualTo(0.5);
    assertThat(kd.model()).isNull();
    assertThat(kd.modelInputs("$.spec")).containsExactly(
        new ModelInput("teacher.0", A, "teacher", Map.of("loss", "mixed", "weight", 1.0), "$.spec.teachers[0]"),
        new ModelInput("student", B, "distilled_into", Map.of("role", "student-init"), "$.spec.student"));

    DistillSpec align = STRICT.readValue("{\"method\":\"aligndistil\",\"dpo\":\"" + A + "\",\"reverseDpo\":\"" + B
        + "\",\"reference\":\"" + C + "\",\"beta2\":2}", DistillSpec.class);
    assertThat(align.validate("$.spec")).isEmpty();
    assertThat(align.loss()).isEqualTo("reverse-kl");
    assertThat(align.beta()).isEqualTo(0.1);
    assertThat(align.modelInputs("$.spec")).extracting(ModelInput::role, ModelInput::relation, ModelInput::params)
        .containsExactly(
            tuple("dpo", "teacher", Map.of("role", "dpo", "composition", "adaptive")),
            tuple("reverse-dpo", "teacher", Map.of("role", "reverse-dpo", "composition", "adaptive")),
            tuple("reference", "reference", Map.of("role", "reference", "studentInit", true)));
  }

  @Test
  void theCompositionAndOnPolicyShowOnTheTeacherEdges() throws Exception {
    DistillSpec contrastive = STRICT.readValue("{\"method\":\"aligndistil\",\"composition\":\"contrastive\","
        + "\"lambda\":0.4,\"dpo\":\"" + A + "\",\"reverseDpo\":\"" + B + "\",\"reference\":\"" + C
        + "\",\"onPolicy\":{}}", DistillSpec.class);
    assertThat(contrastive.validate("$.spec")).isEmpty();
    assertThat(contrastive.beta2()).isNull();
    assertThat(contrastive.onPolicy()).isEqualTo(new OnPolicySpec(32, 1.0));
    assertThat(contrastive.modelInputs("$.spec")).extracting(ModelInput::role, ModelInput::params).containsExactly(
        tuple("dpo", Map.of("role", "dpo", "composition", "contrastive", "lambda", 0.4, "onPolicy", true)),
        tuple("reverse-dpo",
            Map.of("role", "reverse-dpo", "composition", "contrastive", "lambda", 0.4, "onPolicy", true)),
        tuple("reference", Map.of("role", "reference", "studentInit", true)));

    DistillSpec theorem = STRICT.readValue("{\"method\":\"aligndistil\",\"composition\":\"theorem\","
        + "\"beta2\":0.07,\"dpo\":\"" + A + "\",\"reference\":\"" + C + "\"}", DistillSpec.class);
    assertThat(theorem.validate("$.spec")).isEmpty();
    assertThat(theorem.modelInputs("$.spec")).extracting(ModelInput::role, ModelInput::params).containsExactly(
        tuple("dpo", Map.of("role", "dpo", "composition", "theorem")),
        tuple("reference", Map.of("role", "reference", "studentInit", true, "composition", "theorem")));
    assertThat(STRICT.readValue(STRICT.writeValueAsString(theorem), DistillSpec.class)).isEqualTo(theorem);
  }

  @Test
  void eachCompositionAsksForItsOwnModelsAndWeights() throws Exception {
    String dpo = "\"method\":\"aligndistil\",\"dpo\":\"" + A + "\"";
    assertThat(errors("{" + dpo + ",\"composition\":\"contrastive\",\"beta2\":1}")).containsExactlyInAnyOrder(
        "$.spec.reverseDpo is required for composition contrastive",
        "$.spec.beta2 applies to compositions adaptive and theorem",
        "$.spec.lambda is required for composition contrastive");
    assertThat(errors("{" + dpo + ",\"composition\":\"contrastive\",\"reverseDpo\":\"" + B
        + "\",\"lambda\":0}")).containsExactly("$.spec.lambda must be between 1.0E-6 and 1000.0, was 0.0");
    assertThat(errors("{" + dpo + ",\"composition\":\"theorem\",\"reverseDpo\":\"" + B
        + "\",\"lambda\":0.5,\"beta2\":0}")).containsExactlyInAnyOrder(
        "$.spec.reverseDpo must be omitted for composition theorem (it mixes dpo with reference)",
        "$.spec.reference is required for composition theorem (its logits are part of the teacher)",
        "$.spec.lambda applies to composition contrastive only",
        "$.spec.beta2 must be between 1.0E-6 and 1000.0, was 0.0");
    assertThat(errors("{" + dpo + ",\"reverseDpo\":\"" + B + "\",\"composition\":\"fixed\"}"))
        .containsExactly("$.spec.composition must be one of [adaptive, contrastive, theorem]");
    assertThat(errors("{\"teachers\":[\"" + A + "\"],\"composition\":\"theorem\",\"lambda\":1}"))
        .containsExactlyInAnyOrder("$.spec.composition applies to method aligndistil only",
            "$.spec.lambda applies to method aligndistil only");
  }

  @Test
  void onPolicyNeedsAGeneratorForItsPromptsAndNoHardLabels() throws Exception {
    assertThat(errors("{\"teachers\":[\"" + A + "\"],\"loss\":\"mixed\",\"data\":{\"files\":[\"a.txt\"]},"
        + "\"onPolicy\":{\"maxNewTokens\":0,\"temperature\":0}}")).containsExactlyInAnyOrder(
        "$.spec.onPolicy.maxNewTokens must be between 1 and 4096, was 0",
        "$.spec.onPolicy.temperature must be between 0.05 and 100.0, was 0.0",
        "$.spec.onPolicy takes its prompts from data.generator; give a generator instead of files or domains",
        "$.spec.onPolicy cannot be combined with loss mixed (its hard labels would be the student's own samples)");
  }

  @Test
  void almDefaultsToPureDistillationAndLetsTheTokenizersDiffer() throws Exception {
    DistillSpec alm = STRICT.readValue("{\"teachers\":[\"" + A + "\",\"" + B + "\"],\"loss\":\"alm\"}",
        DistillSpec.class);
    assertThat(alm.validate("$.spec")).isEmpty();
    assertThat(alm.ntpWeight()).isEqualTo(0.0);
    assertThat(alm.chunkTemperature()).isEqualTo(100.0);
    assertThat(alm.inputCompatibility()).isEqualTo(InputCompatibility.NONE);
    assertThat(alm.modelInputs("$.spec")).extracting(ModelInput::relation).containsOnly("teacher");
    assertThat(STRICT.readValue(STRICT.writeValueAsString(alm), DistillSpec.class)).isEqualTo(alm);

    DistillSpec kd = STRICT.readValue("{\"teachers\":[\"" + A + "\"]}", DistillSpec.class);
    assertThat(kd.ntpWeight()).isNull();
    assertThat(kd.inputCompatibility()).isEqualTo(InputCompatibility.TOKENIZER);
  }

  @Test
  void rejectsAlmFieldsThatDoNotFit() throws Exception {
    assertThat(errors("{\"teachers\":[\"" + A + "\"],\"loss\":\"alm\",\"ntpWeight\":-1,"
        + "\"chunkTemperature\":0,\"temperature\":2}")).containsExactlyInAnyOrder(
        "$.spec.ntpWeight must be between 0.0 and 1000.0, was -1.0",
        "$.spec.chunkTemperature must be between 0.01 and 10000.0, was 0.0",
        "$.spec.temperature applies to the softmax losses; loss alm tempers chunk likelihoods with chunkTemperature");
    assertThat(errors("{\"teachers\":[\"" + A + "\"],\"ntpWeight\":0.5,\"chunkTemperature\":10}"))
        .containsExactlyInAnyOrder(
            "$.spec.ntpWeight applies to loss alm only",
            "$.spec.chunkTemperature applies to loss alm only");
    assertThat(errors("{\"teachers\":[\"" + A + "\"],\"loss\":\"alm\",\"onPolicy\":{}}"))
        .containsExactly("$.spec.onPolicy cannot be combined with loss alm, which aligns chunks of data windows");
    assertThat(errors("{\"method\":\"aligndistil\",\"dpo\":\"" + A + "\",\"reverseDpo\":\"" + B
        + "\",\"loss\":\"alm\"}")).containsExactly("$.spec.loss aligndistil distils with reverse-kl");
  }

  @Test
  void theExamplesAreValidOnceTheirPlaceholdersAreArtifactIds() throws Exception {
    List<Path> examples;
    try (Stream<Path> files = Files.list(Path.of("../examples/distill"))) {
      examples = files.filter(file -> file.toString().endsWith(".json")).sorted().toList();
    }
    assertThat(examples).hasSizeGreaterThanOrEqualTo(3);
    for (Path example : examples) {
      // Each placeholder its own id, the same placeholder the same one (whp's base and reinforced must differ).
      List<String> placeholders = new java.util.ArrayList<>();
      String json = java.util.regex.Pattern.compile("<artifact-id[^>]*>").matcher(Files.readString(example))
          .replaceAll(match -> {
            if (!placeholders.contains(match.group())) {
              placeholders.add(match.group());
            }
            return List.of(A, B, C).get(placeholders.indexOf(match.group()));
          });
      JsonNode body = STRICT.readTree(json);
      assertThat(body.path("kind").asText()).isEqualTo("distill");
      DistillSpec spec = STRICT.treeToValue(body.path("spec"), DistillSpec.class);
      assertThat(spec.validate("$.spec")).as(example.toString()).isEmpty();
      assertThat(spec.modelInputs("$.spec")).as(example.toString()).isNotEmpty();
    }
  }

  @Test
  void rejectsMixedUpFields() throws Exception {
    assertThat(errors("{}")).containsExactly("$.spec.teachers must be between 1 and 16, was 0");
    assertThat(errors("{\"teachers\":[\"not-a-uuid\"],\"teacherWeights\":[1,2],\"alpha\":0.3,\"beta\":1,"
        + "\"loss\":\"js\",\"student\":\"" + A + "\",\"model\":{}}")).containsExactlyInAnyOrder(
        "$.spec.loss must be one of [alm, forward-kl, mixed, reverse-kl]",
        "$.spec.alpha applies to loss mixed only",
        "$.spec.teachers[0] must be a model artifact id (a UUID), was 'not-a-uuid'",
        "$.spec.teacherWeights must give one weight per teacher (1)",
        "$.spec.beta applies to method aligndistil only",
        "$.spec.model applies to a student trained from scratch; omit it when student or reference is given");
    assertThat(errors("{\"method\":\"aligndistil\",\"teachers\":[\"" + A + "\"],\"loss\":\"forward-kl\"}"))
        .containsExactlyInAnyOrder(
            "$.spec.teachers must be omitted for aligndistil (give dpo and reverseDpo)",
            "$.spec.loss aligndistil distils with reverse-kl",
            "$.spec.dpo is required for aligndistil",
            "$.spec.reverseDpo is required for composition adaptive");
  }

  @Test
  void whpStartsFromTheBaseAndRecordsBothTeachers() throws Exception {
    DistillSpec whp = STRICT.readValue("{\"method\":\"whp\",\"base\":\"" + A + "\",\"reinforced\":\"" + B
        + "\",\"anchors\":{\"Kazor\":\"Bilum\"}}", DistillSpec.class);
    assertThat(whp.validate("$.spec")).isEmpty();
    assertThat(whp.genericAlpha()).isEqualTo(1.0);
    assertThat(whp.labels()).isEqualTo("argmax");
    assertThat(whp.model()).isNull();
    assertThat(STRICT.readValue(STRICT.writeValueAsString(whp), DistillSpec.class)).isEqualTo(whp);
    Map<String, Object> params = Map.of("genericAlpha", 1.0, "labels", "argmax", "anchors", 1);
    assertThat(whp.modelInputs("$.spec")).extracting(ModelInput::role, ModelInput::artifact, ModelInput::relation,
        ModelInput::field).containsExactly(
            tuple("base", A, "teacher", "$.spec.base"),
            tuple("student", A, "finetuned_from", "$.spec.base"),
            tuple("reinforced", B, "teacher", "$.spec.reinforced"));
    assertThat(whp.modelInputs("$.spec").get(0).params()).containsAllEntriesOf(params).containsEntry("role", "base");
    assertThat(whp.modelInputs("$.spec").get(2).params()).containsEntry("role", "reinforced");
  }

  @Test
  void whpFieldsAreCheckedByJsonPath() throws Exception {
    assertThat(errors("{\"method\":\"whp\"}")).containsExactlyInAnyOrder(
        "$.spec.base is required for whp", "$.spec.reinforced is required for whp");
    assertThat(errors("{\"method\":\"whp\",\"base\":\"x\",\"reinforced\":\"x\",\"genericAlpha\":-1,"
        + "\"labels\":\"top-k\",\"anchors\":{\" \":\"Bo\",\"Kazor\":null,\"Ri\":\"Ri\"},\"teachers\":[\"" + C
        + "\"],\"student\":\"" + C + "\",\"loss\":\"reverse-kl\"}")).containsExactlyInAnyOrder(
            "$.spec.teachers must be omitted for whp (give base and reinforced)",
            "$.spec.student must be omitted for whp (the student starts from base)",
            "$.spec.loss whp sets its loss with labels (soft labels distil with forward-kl)",
            "$.spec.base must be a model artifact id (a UUID), was 'x'",
            "$.spec.reinforced must be a model artifact id (a UUID), was 'x'",
            "$.spec.reinforced must differ from base",
            "$.spec.genericAlpha must be between 0.0 and 1000.0, was -1.0",
            "$.spec.labels must be one of [argmax, soft]",
            "$.spec.anchors[' '] must be a non-blank term",
            "$.spec.anchors['Kazor'] must be a non-blank generic term other than the term itself",
            "$.spec.anchors['Ri'] must be a non-blank generic term other than the term itself");
    assertThat(errors("{\"teachers\":[\"" + A + "\"],\"base\":\"" + B + "\",\"genericAlpha\":2,"
        + "\"anchors\":{\"a\":\"b\"},\"labels\":\"soft\"}")).containsExactlyInAnyOrder(
            "$.spec.base applies to method whp only",
            "$.spec.genericAlpha applies to method whp only",
            "$.spec.anchors applies to method whp only",
            "$.spec.labels applies to method whp only");
  }
}
