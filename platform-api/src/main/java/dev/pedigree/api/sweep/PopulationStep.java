package dev.pedigree.api.sweep;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * One step of population-based training between two generations, for one member: exploit (a member of the bottom
 * quantile continues from the checkpoint of a member of the top quantile, drawn at random) and explore (with the top
 * member's values, each drawn again from its domain with the resample probability, else perturbed: a range's value
 * multiplied by one of the factors and kept inside the range, a listed value moved to a neighbour). A member that is
 * not in the bottom quantile continues from its own checkpoint with its own values.
 */
final class PopulationStep {
  private PopulationStep() {}

  /**
   * A member's run in the generation that ended.
   *
   * @param objective NaN when the run has none (it failed, or never wrote the metric)
   * @param checkpoint the checkpoint artifact it ended with; null when it has none
   */
  record Member(int member, int trial, ObjectNode params, double objective, UUID checkpoint) {
    boolean usable() {
      return checkpoint != null && Double.isFinite(objective);
    }
  }

  /**
   * What a member trains in the next generation.
   *
   * @param parent the member whose checkpoint it continues (itself unless it exploited)
   */
  record Next(Member parent, ObjectNode params, boolean exploited) {}

  /**
   * @param generation every member's run of the generation that ended, by member
   * @throws IllegalStateException when no member of that generation has both a checkpoint and an objective
   */
  static Next next(PbtSettings pbt, List<Parameter> parameters, Objective objective, List<Member> generation,
      int member, Random random) {
    List<Member> ranked = generation.stream()
        .filter(Member::usable)
        .sorted(Comparator.comparingDouble(m -> objective.minimize() ? m.objective() : -m.objective()))
        .toList();
    if (ranked.isEmpty()) {
      throw new IllegalStateException("no member of the generation before has a checkpoint and a value of "
          + objective.metric() + " to continue from");
    }
    int size = pbt.quantileSize();
    List<Member> top = ranked.subList(0, Math.min(size, ranked.size()));
    Member self = generation.get(member);
    boolean bottom = !self.usable() || ranked.indexOf(self) >= ranked.size() - size;
    if (top.contains(self) || !bottom) {
      return new Next(self, self.params().deepCopy(), false);
    }
    Member parent = top.get(random.nextInt(top.size()));
    return new Next(parent, explore(pbt, parameters, parent.params(), random), true);
  }

  /** The values perturbed or drawn again, parameter after parameter, in the parameters' order. */
  static ObjectNode explore(PbtSettings pbt, List<Parameter> parameters, ObjectNode params, Random random) {
    ObjectNode explored = JsonNodeFactory.instance.objectNode();
    for (Parameter parameter : parameters) {
      JsonNode value = params.get(parameter.path());
      explored.set(parameter.path(), random.nextDouble() < pbt.resampleProbability()
          ? SweepTrials.draw(parameter.domain(), random)
          : perturb(parameter.domain(), value, pbt.perturb(), random));
    }
    return explored;
  }

  private static JsonNode perturb(Domain domain, JsonNode value, List<Double> factors, Random random) {
    if (domain instanceof Domain.Values values) {
      List<JsonNode> listed = new ArrayList<>(values.values());
      int at = listed.indexOf(value);
      int step = random.nextBoolean() ? 1 : -1;
      return at < 0 ? value.deepCopy() : listed.get(Math.max(0, Math.min(listed.size() - 1, at + step))).deepCopy();
    }
    Domain.Range range = (Domain.Range) domain;
    double perturbed = value.asDouble() * factors.get(random.nextInt(factors.size()));
    double kept = Math.max(range.min(), Math.min(range.max(), perturbed));
    if (!range.integer()) {
      return JsonNodeFactory.instance.numberNode(kept);
    }
    long integer = Math.round(kept);
    return integer == (int) integer ? JsonNodeFactory.instance.numberNode((int) integer)
        : JsonNodeFactory.instance.numberNode(integer);
  }
}
