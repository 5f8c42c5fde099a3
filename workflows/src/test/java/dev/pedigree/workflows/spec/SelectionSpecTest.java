package dev.pedigree.workflows.spec;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SelectionSpecTest {
  private static final ObjectMapper STRICT =
      new ObjectMapper().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  private static List<String> errors(String specJson) throws Exception {
    return STRICT.readValue(specJson, PretrainSpec.class).validate("$.spec").stream()
        .map(error -> error.field() + " " + error.message()).toList();
  }

  private static final String DOMAINS = """
      "data": {"domains": [
        {"name": "text", "generator": "g-text", "documents": 200, "weight": 3},
        {"name": "add", "generator": "g-arith", "operations": ["add"], "carryHeavyShare": 1.0}],
        "target": {"name": "target", "generator": "g-arith", "seed": 11, "operations": ["add"]}}""";

  @Test
  void omittedSelectionIsUniformAndOldSpecsStayValid() throws Exception {
    PretrainSpec spec = STRICT.readValue("{\"data\":{\"generator\":\"g-arith\"}}", PretrainSpec.class);
    assertThat(spec.selection()).isEqualTo(SelectionSpec.uniform());
    assertThat(spec.selection().strategy()).isEqualTo(SelectionSpec.UNIFORM);
    assertThat(spec.data().mixesDomains()).isFalse();
    assertThat(spec.validate("$.spec")).isEmpty();
    assertThat(STRICT.readValue(STRICT.writeValueAsString(spec), PretrainSpec.class)).isEqualTo(spec);
  }

  @Test
  void strategiesTakeTheirDefaults() throws Exception {
    PretrainSpec reweighting = STRICT.readValue("{\"selection\":{\"strategy\":\"loss-reweighting\"}}",
        PretrainSpec.class);
    assertThat(reweighting.selection()).isEqualTo(SelectionSpec.lossReweighting("linupper", 1.0, 1.0));
    assertThat(reweighting.validate("$.spec")).isEmpty();

    PretrainSpec dga = STRICT.readValue("{\"selection\":{\"strategy\":\"dga\"}," + DOMAINS + "}", PretrainSpec.class);
    assertThat(dga.selection()).isEqualTo(SelectionSpec.dga(25, 1.0, 0.9));
    assertThat(dga.data().domains()).extracting(DomainSpec::name).containsExactly("text", "add");
    assertThat(dga.data().domains().get(0).weight()).isEqualTo(3.0);
    assertThat(dga.data().domains().get(1).documents()).isEqualTo(1000);
    assertThat(dga.data().generator()).isNull();
    assertThat(dga.validate("$.spec")).isEmpty();
    assertThat(STRICT.readValue(STRICT.writeValueAsString(dga), PretrainSpec.class)).isEqualTo(dga);

    PretrainSpec preselect =
        STRICT.readValue("{\"selection\":{\"strategy\":\"preselect\"}," + DOMAINS + "}", PretrainSpec.class);
    assertThat(preselect.selection()).isEqualTo(SelectionSpec.preselect(6, 200, 0.3, SelectionSpec.NGRAM_SCORER));
    assertThat(preselect.validate("$.spec")).isEmpty();
    assertThat(STRICT.readValue(STRICT.writeValueAsString(preselect), PretrainSpec.class)).isEqualTo(preselect);
  }

  @Test
  void rejectsWhatCannotRunByJsonPath() throws Exception {
    assertThat(errors("{\"selection\":{\"strategy\":\"dga\",\"scheme\":\"linupper\"}}")).containsExactlyInAnyOrder(
        "$.spec.selection.scheme applies to strategy 'loss-reweighting' only",
        "$.spec.selection.strategy 'dga' needs data.domains",
        "$.spec.selection.strategy 'dga' needs data.target");
    assertThat(errors("{\"selection\":{\"strategy\":\"loss-reweighting\",\"scheme\":\"cubic\",\"temperature\":0}}"))
        .containsExactlyInAnyOrder(
            "$.spec.selection.scheme must be one of [extremes, linupper, quadratic]",
            "$.spec.selection.temperature must be between 1.0E-6 and 1000000.0, was 0.0");
    assertThat(errors("{\"selection\":{\"strategy\":\"preselect\",\"fraction\":0,\"scorer\":\"fasttext\"}}"))
        .containsExactlyInAnyOrder(
            "$.spec.selection.fraction must be between 0.001 and 1.0, was 0.0",
            "$.spec.selection.scorer must be one of [ngram, quality, random]",
            "$.spec.selection.strategy 'preselect' needs data.domains",
            "$.spec.selection.strategy 'preselect' needs data.target");
    assertThat(errors("{\"selection\":{\"strategy\":\"dga\",\"fraction\":0.5}," + DOMAINS + "}")).containsExactly(
        "$.spec.selection.fraction applies to strategy 'preselect' only");
    assertThat(errors("{\"selection\":{\"strategy\":\"uniform\",\"every\":5}}")).containsExactly(
        "$.spec.selection.every applies to strategy 'dga' only");
  }

  @Test
  void importanceTakesNoParametersAndNeedsDomainsAndATarget() throws Exception {
    PretrainSpec spec = STRICT.readValue("{\"selection\":{\"strategy\":\"importance\"}," + DOMAINS + "}",
        PretrainSpec.class);
    assertThat(spec.selection()).isEqualTo(SelectionSpec.importance());
    assertThat(spec.validate("$.spec")).isEmpty();
    assertThat(STRICT.readValue(STRICT.writeValueAsString(spec), PretrainSpec.class)).isEqualTo(spec);

    assertThat(errors("{\"selection\":{\"strategy\":\"importance\",\"every\":5,\"temperature\":2}}"))
        .containsExactlyInAnyOrder(
            "$.spec.selection.every applies to strategy 'dga' only",
            "$.spec.selection.temperature applies to strategy 'loss-reweighting' only",
            "$.spec.selection.strategy 'importance' needs data.domains",
            "$.spec.selection.strategy 'importance' needs data.target");
  }

  @Test
  void theQualityScorerTrainsNoReferenceModelsAndNeedsATarget() throws Exception {
    PretrainSpec spec = STRICT.readValue(preselect("\"scorer\": \"quality\", \"fraction\": 0.2"),
        PretrainSpec.class);
    assertThat(spec.validate("$.spec")).isEmpty();
    assertThat(spec.selection()).isEqualTo(SelectionSpec.qualityClassifier(0.2));
    assertThat(spec.selection().referenceModels()).isNull();
    assertThat(spec.selection().referenceSteps()).isNull();
    assertThat(spec.modelInputs("$.spec")).isEmpty();
    assertThat(STRICT.readValue(STRICT.writeValueAsString(spec), PretrainSpec.class)).isEqualTo(spec);

    assertThat(errors(preselect("\"scorer\": \"quality\", \"referenceModels\": 3, \"referenceSteps\": 10")))
        .containsExactlyInAnyOrder(
            "$.spec.selection.referenceModels must be absent with scorer 'quality'",
            "$.spec.selection.referenceSteps must be absent with scorer 'quality'");
    assertThat(errors(preselect("\"scorer\": \"quality\", \"references\": [\"" + A + "\", \"" + B + "\", \""
        + C + "\"]"))).containsExactly(
        "$.spec.selection.scorer 'quality' uses no reference models; remove references or use 'ngram'");
    assertThat(errors("{\"selection\":{\"strategy\":\"preselect\",\"scorer\":\"quality\"},"
        + "\"data\":{\"domains\":[{\"name\":\"text\",\"generator\":\"g-text\"},"
        + "{\"name\":\"seq\",\"generator\":\"g-seq\"}]}}")).containsExactly(
        "$.spec.selection.strategy 'preselect' needs data.target");
  }

  @Test
  void checksEachDomain() throws Exception {
    assertThat(errors("""
        {"data": {"generator": "g-text", "domains": [
          {"name": "Text", "generator": "g-text", "poolSize": 3},
          {"name": "seq", "generator": "g-seq", "operations": ["add"], "weight": -1}],
          "target": {"name": "seq", "generator": "g-lorem"}}}""")).containsExactlyInAnyOrder(
        "$.spec.data.generator must be omitted when domains are given",
        "$.spec.data.domains[0].name must be 1 to 40 of a-z, 0-9, '-' and '_'",
        "$.spec.data.domains[0].poolSize applies to g-dup only",
        "$.spec.data.domains[1].operations[0] must be one of [copy, reverse, sort]",
        "$.spec.data.domains[1].weight must be between 0.0 and 1000000.0, was -1.0",
        "$.spec.data.target.generator must be one of [g-arith, g-dup, g-facts, g-markov, g-noise, g-seq, g-text]",
        "$.spec.data.target.name must differ from the domains' names");
  }

  @Test
  void trainDocumentsKeepsPartOfATrainingSplitItHas() throws Exception {
    PretrainSpec scarce = STRICT.readValue("""
        {"selection": {"strategy": "dga"}, "data": {"domains": [
          {"name": "text", "generator": "g-text", "documents": 200, "trainDocuments": 180},
          {"name": "add", "generator": "g-arith", "documents": 200}],
          "target": {"name": "target", "generator": "g-arith", "documents": 1280, "trainDocuments": 32}}}""",
        PretrainSpec.class);
    assertThat(scarce.validate("$.spec")).isEmpty();
    assertThat(scarce.data().target().trainDocuments()).isEqualTo(32);
    assertThat(scarce.data().domains().get(1).trainDocuments()).isNull();
    assertThat(STRICT.readValue(STRICT.writeValueAsString(scarce), PretrainSpec.class)).isEqualTo(scarce);

    assertThat(errors("""
        {"data": {"domains": [
          {"name": "text", "generator": "g-text", "documents": 200, "trainDocuments": 181},
          {"name": "add", "generator": "g-arith", "trainDocuments": 0}],
          "target": {"name": "target", "generator": "g-arith", "documents": 15, "trainDocuments": 15}}}"""))
        .containsExactlyInAnyOrder(
            "$.spec.data.domains[0].trainDocuments must be between 1 and 180, was 181",
            "$.spec.data.domains[1].trainDocuments must be between 1 and 900, was 0",
            "$.spec.data.target.trainDocuments must be between 1 and 14, was 15");
  }

  private static final String A = "3f2c6a1e-0000-4000-8000-00000000000a";
  private static final String B = "3f2c6a1e-0000-4000-8000-00000000000b";
  private static final String C = "3f2c6a1e-0000-4000-8000-00000000000c";

  private static String preselect(String selection) {
    return "{" + DOMAINS + ", \"selection\": {\"strategy\": \"preselect\", " + selection + "}}";
  }

  @Test
  void preselectReferencesAreModelInputsInsteadOfAnInRunFamily() throws Exception {
    PretrainSpec spec = STRICT.readValue(
        preselect("\"references\": [\"" + A + "\", \"" + B + "\", \"" + C + "\"]"), PretrainSpec.class);
    assertThat(spec.validate("$.spec")).isEmpty();
    assertThat(spec.selection().referenceModels()).isNull();
    assertThat(spec.selection().referenceSteps()).isNull();
    assertThat(spec.selection().fraction()).isEqualTo(0.3);
    assertThat(spec.selection().scorer()).isEqualTo(SelectionSpec.NGRAM_SCORER);
    assertThat(spec.selection()).isEqualTo(SelectionSpec.preselect(List.of(A, B, C), 0.3));
    Map<String, Object> params = Map.of("method", "preselect", "role", "scoring-reference");
    assertThat(spec.modelInputs("$.spec")).containsExactly(
        new ModelInput("reference.0", A, "reference", params, "$.spec.selection.references[0]"),
        new ModelInput("reference.1", B, "reference", params, "$.spec.selection.references[1]"),
        new ModelInput("reference.2", C, "reference", params, "$.spec.selection.references[2]"));
    assertThat(STRICT.readValue(STRICT.writeValueAsString(spec), PretrainSpec.class)).isEqualTo(spec);

    PretrainSpec family = STRICT.readValue(preselect("\"referenceModels\": 3"), PretrainSpec.class);
    assertThat(family.selection().references()).isNull();
    assertThat(family.selection().referenceSteps()).isEqualTo(200);
    assertThat(family.modelInputs("$.spec")).isEmpty();
  }

  @Test
  void preselectReferencesRejectAFamilyTooFewModelsNonIdsAndOtherStrategies() throws Exception {
    assertThat(errors(preselect("\"references\": [\"" + A + "\", \"" + B + "\", \"" + C
        + "\"], \"referenceModels\": 3, \"referenceSteps\": 10"))).containsExactlyInAnyOrder(
        "$.spec.selection.referenceModels must be absent when references are given",
        "$.spec.selection.referenceSteps must be absent when references are given");
    assertThat(errors(preselect("\"references\": [\"" + A + "\", \"" + B + "\"]"))).containsExactly(
        "$.spec.selection.references must be between 3 and 32, was 2");
    assertThat(errors(preselect("\"references\": [\"" + A + "\", \"" + B + "\", \"<artifact-id x>\"]")))
        .containsExactly("$.spec.selection.references[2] must be an artifact id (a UUID), was '<artifact-id x>'");
    assertThat(errors(preselect("\"references\": [\"" + A + "\", \"" + B + "\", \"" + C
        + "\"], \"scorer\": \"random\""))).containsExactly(
        "$.spec.selection.scorer 'random' uses no reference models; remove references or use 'ngram'");
    assertThat(errors("{\"selection\": {\"strategy\": \"uniform\", \"references\": [\"" + A + "\"]}}"))
        .containsExactly("$.spec.selection.references applies to strategy 'preselect' only");
  }
}
