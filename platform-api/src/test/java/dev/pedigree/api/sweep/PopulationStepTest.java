package dev.pedigree.api.sweep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

class PopulationStepTest {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final Parameter RATE = new Parameter("training.learningRate", new Domain.Range(1e-4, 1e-2, true, false));
  private static final Parameter CLIP = new Parameter("training.gradClip",
      new Domain.Values(List.of(NODES.numberNode(0.5), NODES.numberNode(1.0), NODES.numberNode(2.0))));
  private static final List<Parameter> PARAMETERS = List.of(CLIP, RATE);
  private static final Objective MINIMIZE = new Objective("val/loss", "minimize", "last");

  private static PbtSettings pbt(int population, double resampleProbability) {
    return new PbtSettings(population, 10, 3, 0.25, List.of(0.8, 1.2), resampleProbability);
  }

  private static PopulationStep.Member member(int member, double rate, double objective, boolean checkpoint) {
    ObjectNode params = NODES.objectNode();
    params.put(CLIP.path(), 1.0);
    params.put(RATE.path(), rate);
    return new PopulationStep.Member(member, member + 1, params, objective, checkpoint ? UUID.randomUUID() : null);
  }

  @Test
  void theBottomQuarterExploitsTheTopQuarterWithPerturbedValuesAndTheRestContinueThemselves() {
    List<PopulationStep.Member> generation = List.of(member(0, 1e-3, 3.0, true), member(1, 2e-3, 1.0, true),
        member(2, 3e-3, 2.0, true), member(3, 4e-3, 4.0, true));

    PopulationStep.Next bottom = PopulationStep.next(pbt(4, 0), PARAMETERS, MINIMIZE, generation, 3, new Random(1));
    PopulationStep.Next middle = PopulationStep.next(pbt(4, 0), PARAMETERS, MINIMIZE, generation, 0, new Random(1));

    assertThat(bottom.exploited()).isTrue();
    assertThat(bottom.parent()).isEqualTo(generation.get(1));
    assertThat(bottom.params().get(RATE.path()).asDouble()).isIn(2e-3 * 0.8, 2e-3 * 1.2);
    assertThat(bottom.params().get(CLIP.path()).asDouble()).isIn(0.5, 2.0);
    assertThat(middle.exploited()).isFalse();
    assertThat(middle.parent()).isEqualTo(generation.get(0));
    assertThat(middle.params()).isEqualTo(generation.get(0).params());
  }

  @Test
  void aMemberWithoutACheckpointOrObjectiveExploitsAndATopMemberNeverDoes() {
    List<PopulationStep.Member> generation = List.of(member(0, 1e-3, 1.0, true), member(1, 2e-3, Double.NaN, true),
        member(2, 3e-3, 2.0, false), member(3, 4e-3, 3.0, true));

    for (int failed : List.of(1, 2)) {
      PopulationStep.Next next = PopulationStep.next(pbt(4, 0), PARAMETERS, MINIMIZE, generation, failed, new Random(2));
      assertThat(next.exploited()).isTrue();
      assertThat(next.parent().member()).isZero();
    }
    assertThat(PopulationStep.next(pbt(4, 0), PARAMETERS, MINIMIZE, generation, 3, new Random(2)).exploited())
        .as("the worst of the usable members").isTrue();
    List<PopulationStep.Member> onlyOne = List.of(member(0, 1e-3, 1.0, true), member(1, 2e-3, 2.0, false));
    assertThat(PopulationStep.next(pbt(2, 0), PARAMETERS, MINIMIZE, onlyOne, 0, new Random(2)).exploited()).isFalse();
  }

  @Test
  void aMaximizedObjectiveRanksTheHighestFirst() {
    List<PopulationStep.Member> generation = List.of(member(0, 1e-3, 0.9, true), member(1, 2e-3, 0.1, true));

    PopulationStep.Next next = PopulationStep.next(pbt(2, 0), PARAMETERS,
        new Objective("eval/arith/accuracy", "maximize", "last"), generation, 1, new Random(3));

    assertThat(next.exploited()).isTrue();
    assertThat(next.parent().member()).isZero();
  }

  @Test
  void perturbedValuesStayInsideTheirDomainAndResampledOnesAreDrawnFromIt() {
    ObjectNode atTheEdges = NODES.objectNode();
    atTheEdges.put(CLIP.path(), 2.0);
    atTheEdges.put(RATE.path(), 1e-2);
    List<Double> rates = new ArrayList<>();
    Random random = new Random(4);
    for (int i = 0; i < 200; i++) {
      ObjectNode perturbed = PopulationStep.explore(pbt(2, 0), PARAMETERS, atTheEdges, random);
      assertThat(perturbed.get(CLIP.path()).asDouble()).isIn(1.0, 2.0);
      rates.add(perturbed.get(RATE.path()).asDouble());
      ObjectNode resampled = PopulationStep.explore(pbt(2, 1), PARAMETERS, atTheEdges, random);
      assertThat(resampled.get(RATE.path()).asDouble()).isBetween(1e-4, 1e-2);
    }
    assertThat(rates).containsOnly(1e-2, 1e-2 * 0.8).contains(1e-2, 1e-2 * 0.8);
  }

  @Test
  void aGenerationWithoutAnyUsableMemberHasNothingToContinue() {
    List<PopulationStep.Member> generation = List.of(member(0, 1e-3, Double.NaN, true), member(1, 2e-3, 1.0, false));

    assertThatThrownBy(() -> PopulationStep.next(pbt(2, 0), PARAMETERS, MINIMIZE, generation, 0, new Random(5)))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("val/loss");
  }
}
