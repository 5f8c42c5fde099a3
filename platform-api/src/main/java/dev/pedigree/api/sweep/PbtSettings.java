package dev.pedigree.api.sweep;

import java.util.List;
import tools.jackson.databind.node.ObjectNode;

/**
 * The {@code pbt} object of a sweep body: population-based training (Jaderberg et al. 2017) in generations. Each of
 * {@code population} members trains {@code interval} steps per generation, {@code generations} times, along one
 * schedule of {@code interval · generations} steps. Between generations, the members in the bottom quantile continue
 * from the checkpoint of a member of the top quantile (exploit) with its values perturbed (explore); the others
 * continue from their own.
 *
 * @param quantile the share of the population in the top and in the bottom quantile (Ray Tune's rule: ⌈q·n⌉, at most
 *     half of the population)
 * @param perturb the factors a range's value is multiplied by, one chosen at random per parameter; a listed value
 *     moves to a neighbour instead
 * @param resampleProbability the chance that a parameter is drawn again from its domain instead of perturbed
 */
record PbtSettings(int population, int interval, int generations, double quantile, List<Double> perturb,
    double resampleProbability) {
  static final double DEFAULT_QUANTILE = 0.25;
  static final List<Double> DEFAULT_PERTURB = List.of(0.8, 1.2);
  static final double DEFAULT_RESAMPLE_PROBABILITY = 0.25;

  PbtSettings {
    perturb = List.copyOf(perturb);
  }

  /** The steps of every member's schedule: each generation trains {@code interval} of them. */
  long steps() {
    return (long) interval * generations;
  }

  /** The sweep's trials, generation after generation: trial {@code g·population + m + 1} is member m's g-th. */
  int trials() {
    return population * generations;
  }

  /** The generation of a trial, from 0. */
  int generation(int trial) {
    return (trial - 1) / population;
  }

  /** The member a trial trains, from 0. */
  int member(int trial) {
    return (trial - 1) % population;
  }

  /** How many members make the top quantile, and the bottom one. */
  int quantileSize() {
    return Math.min((int) Math.ceil(quantile * population), population / 2);
  }

  /**
   * Makes a trial's spec the segment of its generation: the schedule spans every generation, the run stops where its
   * generation ends and, past the first, starts from {@code checkpoint}.
   */
  void shape(ObjectNode spec, int generation, String checkpoint) {
    SpecPaths.set(spec, "training.steps", spec.numberNode(steps()));
    ObjectNode segment = spec.putObject("segment");
    if (checkpoint != null) {
      segment.put("checkpoint", checkpoint);
    }
    segment.put("untilStep", (long) interval * (generation + 1));
  }
}
