package dev.pedigree.workflows.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RlAndPreferenceSpecTest {
  private static final ObjectMapper STRICT =
      new ObjectMapper().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
  private static final String BASE = "3f2c6a1e-0000-4000-8000-000000000001";
  private static final String OTHER = "3f2c6a1e-0000-4000-8000-000000000002";

  private static List<String> fields(RunSpec spec) {
    return spec.validate("$.spec").stream().map(SpecError::field).toList();
  }

  @Test
  void anRlSpecNeedsOnlyItsBaseAndRecordsMethodAndRewardOnTheEdge() throws Exception {
    RlSpec spec = STRICT.readValue("{\"base\":\"" + BASE + "\"}", RlSpec.class);

    assertThat(fields(spec)).isEmpty();
    assertThat(spec.method()).isEqualTo("grpo");
    assertThat(spec.klBeta()).isEqualTo(0.04);
    assertThat(spec.usesReference()).isTrue();
    assertThat(spec.modelInputs("$.spec")).containsExactly(new ModelInput("base", BASE, "rl_from",
        Map.of("method", "grpo", "reward", "arith-exact@1"), "$.spec.base"));
    assertThat(STRICT.readValue(STRICT.writeValueAsString(spec), RlSpec.class)).isEqualTo(spec);
  }

  @Test
  void gtpoTakesNoReferenceAndNoKl() throws Exception {
    RlSpec gtpo = STRICT.readValue("{\"base\":\"" + BASE + "\",\"method\":\"gtpo\"}", RlSpec.class);
    assertThat(gtpo.klBeta()).isZero();
    assertThat(gtpo.usesReference()).isFalse();
    assertThat(fields(gtpo)).isEmpty();

    RlSpec withReference = STRICT.readValue("{\"base\":\"" + BASE + "\",\"method\":\"gtpo\",\"reference\":\"" + OTHER
        + "\",\"klBeta\":0.1,\"reward\":\"bleu\",\"groupSize\":1}", RlSpec.class);
    assertThat(fields(withReference)).containsExactlyInAnyOrder("$.spec.reference", "$.spec.klBeta", "$.spec.reward",
        "$.spec.groupSize");
  }

  @Test
  void aGrpoReferenceIsAnEdgeOfItsOwn() throws Exception {
    RlSpec spec = STRICT.readValue("{\"base\":\"" + BASE + "\",\"reference\":\"" + OTHER + "\"}", RlSpec.class);
    assertThat(spec.modelInputs("$.spec")).extracting(ModelInput::role, ModelInput::relation)
        .containsExactly(tuple("base", "rl_from"),
            tuple("reference", "reference"));
    assertThat(fields(new RlSpec("not-a-uuid", null, null, null, null, null, null, null, null, null, null, null, null,
        null, null, null, null, null, null, null, null, null))).containsExactly("$.spec.base");
  }

  @Test
  void tgdpoNeedsAGuideWhichBecomesAReferenceEdgeWithTheGuideRole() throws Exception {
    PreferenceSpec missingGuide =
        STRICT.readValue("{\"base\":\"" + BASE + "\",\"method\":\"tgdpo\"}", PreferenceSpec.class);
    assertThat(fields(missingGuide)).containsExactly("$.spec.guide");

    PreferenceSpec tgdpo = STRICT.readValue(
        "{\"base\":\"" + BASE + "\",\"method\":\"tgdpo\",\"guide\":\"" + OTHER + "\",\"beta\":0.2}",
        PreferenceSpec.class);
    assertThat(fields(tgdpo)).isEmpty();
    assertThat(tgdpo.alpha()).isEqualTo(1.0);
    assertThat(tgdpo.modelInputs("$.spec")).containsExactly(
        new ModelInput("base", BASE, "finetuned_from",
            Map.of("method", "tgdpo", "beta", 0.2, "alpha", 1.0, "reward", "arith-exact@1", "pairs", "generated"),
            "$.spec.base"),
        new ModelInput("guide", OTHER, "reference", Map.of("role", "guide"), "$.spec.guide"));
  }

  @Test
  void rpoAlphaDefaultsToNoNllTermIsBoundedAndRecordedOnTheBaseEdgeWhenUsed() throws Exception {
    PreferenceSpec plain = STRICT.readValue("{\"base\":\"" + BASE + "\"}", PreferenceSpec.class);
    PreferenceSpec rpo = STRICT.readValue("{\"base\":\"" + BASE + "\",\"rpoAlpha\":1.0}", PreferenceSpec.class);
    PreferenceSpec negative =
        STRICT.readValue("{\"base\":\"" + BASE + "\",\"rpoAlpha\":-0.5}", PreferenceSpec.class);

    assertThat(plain.rpoAlpha()).isZero();
    assertThat(plain.modelInputs("$.spec").get(0).params()).doesNotContainKey("rpoAlpha");
    assertThat(fields(rpo)).isEmpty();
    assertThat(rpo.modelInputs("$.spec").get(0).params()).containsEntry("rpoAlpha", 1.0);
    assertThat(fields(negative)).containsExactly("$.spec.rpoAlpha");
  }

  @Test
  void pairsFromAFileNeedNoRewardAndDpoNoGuide() throws Exception {
    PreferenceSpec spec = STRICT.readValue("{\"base\":\"" + BASE + "\",\"guide\":\"" + OTHER
        + "\",\"pairs\":{\"file\":\"/data/pairs.jsonl\"}}", PreferenceSpec.class);
    assertThat(spec.pairs().reward()).isNull();
    assertThat(fields(spec)).containsExactly("$.spec.guide");
    assertThat(spec.modelInputs("$.spec").get(0).params()).containsOnlyKeys("method", "beta", "pairs")
        .containsEntry("pairs", "file");
    assertThat(RunKinds.specType("rl")).contains(RlSpec.class);
    assertThat(RunKinds.specType("preference")).contains(PreferenceSpec.class);
  }

  @Test
  void reversedPairsAreAnOptionThatDefaultsToFalseAndIsRecordedOnTheBaseEdge() throws Exception {
    PreferenceSpec plain = STRICT.readValue("{\"base\":\"" + BASE + "\",\"pairs\":{\"reward\":\"sentiment\"}}",
        PreferenceSpec.class);
    PreferenceSpec reversed = STRICT.readValue(
        "{\"base\":\"" + BASE + "\",\"pairs\":{\"reward\":\"sentiment\",\"reversed\":true}}", PreferenceSpec.class);
    PreferenceSpec fromFile = STRICT.readValue("{\"base\":\"" + BASE
        + "\",\"pairs\":{\"file\":\"/data/pairs.jsonl\",\"reversed\":true}}", PreferenceSpec.class);

    assertThat(plain.pairs().reversed()).isFalse();
    assertThat(reversed.pairs().reversed()).isTrue();
    assertThat(fromFile.pairs().reversed()).isTrue();
    assertThat(fields(reversed)).isEmpty();
    assertThat(fields(fromFile)).isEmpty();
    assertThat(STRICT.readValue(STRICT.writeValueAsString(reversed), PreferenceSpec.class)).isEqualTo(reversed)
        .isNotEqualTo(plain);
    assertThat(plain.modelInputs("$.spec").get(0).params()).containsEntry("pairs", "generated")
        .doesNotContainKey("reversed");
    assertThat(reversed.modelInputs("$.spec").get(0).params()).containsEntry("pairs", "generated")
        .containsEntry("reversed", true);
    assertThat(fromFile.modelInputs("$.spec").get(0).params()).containsEntry("pairs", "file")
        .containsEntry("reversed", true);
    assertThatThrownBy(() -> STRICT.readValue(
        "{\"base\":\"" + BASE + "\",\"pairs\":{\"reversed\":\"sometimes\"}}", PreferenceSpec.class))
        .isInstanceOf(InvalidFormatException.class).hasMessageContaining("reversed");
  }
}
