package dev.pedigree.api.sweep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

class SweepTrialsTest {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private static Parameter values(String path, String valuesJson) {
    List<JsonNode> values = JSON.readTree(valuesJson).valueStream().toList();
    return new Parameter(path, new Domain.Values(values));
  }

  private static List<String> texts(List<ObjectNode> trials) {
    return trials.stream().map(JsonNode::toString).toList();
  }

  @Test
  void aGridIsTheProductWithTheFirstParameterVaryingSlowest() {
    List<ObjectNode> trials = SweepTrials.grid(List.of(
        values("training.learningRate", "[0.001, 0.003]"), values("model.layers", "[2, 4, 6]")));

    assertThat(texts(trials)).containsExactly(
        "{\"training.learningRate\":0.001,\"model.layers\":2}",
        "{\"training.learningRate\":0.001,\"model.layers\":4}",
        "{\"training.learningRate\":0.001,\"model.layers\":6}",
        "{\"training.learningRate\":0.003,\"model.layers\":2}",
        "{\"training.learningRate\":0.003,\"model.layers\":4}",
        "{\"training.learningRate\":0.003,\"model.layers\":6}");
    assertThat(SweepTrials.gridSize(List.of(values("a", "[1, 2]"), values("b", "[1, 2, 3]")), 1000)).isEqualTo(6);
  }

  @Test
  void listedIntegersStayIntegersAndDoublesStayDoubles() {
    ObjectNode trial = SweepTrials.grid(List.of(values("model.layers", "[2]"), values("lr", "[1e-3]"))).get(0);

    assertThat(trial.get("model.layers").isInt()).isTrue();
    assertThat(trial.get("model.layers").asInt()).isEqualTo(2);
    assertThat(trial.get("lr").isDouble()).isTrue();
    assertThat(trial.get("lr").asDouble()).isEqualTo(0.001);
  }

  @Test
  void aGridPastTheCapIsReportedAsOneMoreThanTheCap() {
    Parameter ten = values("a", "[1,2,3,4,5,6,7,8,9,10]");

    assertThat(SweepTrials.gridSize(List.of(ten, ten, ten), 1000)).isEqualTo(1000);
    assertThat(SweepTrials.gridSize(List.of(ten, ten, ten, ten), 1000)).isEqualTo(1001);
  }

  @Test
  void randomDrawsAreTheSameForTheSameSeedAndDifferForAnother() {
    List<Parameter> parameters = List.of(
        new Parameter("lr", new Domain.Range(1e-4, 1e-2, true, false)), values("warmup", "[0, 10, 20]"));

    List<String> first = texts(SweepTrials.random(parameters, 12, 7));

    assertThat(texts(SweepTrials.random(parameters, 12, 7))).isEqualTo(first);
    assertThat(texts(SweepTrials.random(parameters, 12, 8))).isNotEqualTo(first);
    assertThat(first).hasSize(12);
  }

  @Test
  void randomDrawsStayInTheirRangeAndListedValues() {
    List<Parameter> parameters = List.of(new Parameter("lr", new Domain.Range(1e-4, 1e-2, true, false)),
        new Parameter("dropout", new Domain.Range(0.0, 0.5, false, false)), values("warmup", "[0, 10, 20]"));

    for (ObjectNode trial : SweepTrials.random(parameters, 500, 3)) {
      assertThat(trial.get("lr").asDouble()).isBetween(1e-4, 1e-2);
      assertThat(trial.get("dropout").asDouble()).isBetween(0.0, 0.5);
      assertThat(trial.get("warmup").asInt()).isIn(0, 10, 20);
    }
  }

  /** Uniform in log space: as many draws fall in [1e-4, 1e-3) as in [1e-3, 1e-2), where a linear draw puts 9%. */
  @Test
  void aLogScaleSpreadsDrawsEvenlyOverDecades() {
    List<ObjectNode> trials = SweepTrials.random(
        List.of(new Parameter("lr", new Domain.Range(1e-4, 1e-2, true, false))), 1000, 11);

    long lowDecade = trials.stream().filter(trial -> trial.get("lr").asDouble() < 1e-3).count();

    assertThat(lowDecade).isBetween(450L, 550L);
    assertThat(SweepTrials.drawIn(new Domain.Range(1e-4, 1e-2, true, false), 0.5).asDouble())
        .isCloseTo(1e-3, offset(1e-12));
    assertThat(SweepTrials.drawIn(new Domain.Range(1e-4, 1e-2, false, false), 0.5).asDouble())
        .isCloseTo(0.00505, offset(1e-12));
  }

  @Test
  void anIntegerRangeDrawsIntegersWithBothBoundsReachable() {
    Domain.Range layers = new Domain.Range(1, 4, false, true);

    assertThat(SweepTrials.drawIn(layers, 0.0).isInt()).isTrue();
    assertThat(SweepTrials.drawIn(layers, 0.0).asInt()).isEqualTo(1);
    assertThat(SweepTrials.drawIn(layers, 0.999).asInt()).isEqualTo(4);
    assertThat(SweepTrials.random(List.of(new Parameter("layers", layers)), 200, 1).stream()
        .map(trial -> trial.get("layers").asInt()).distinct().sorted().toList()).containsExactly(1, 2, 3, 4);
    assertThat(SweepTrials.drawIn(new Domain.Range(16, 256, true, true), 0.5).asInt()).isEqualTo(64);
  }
}
