package dev.pedigree.api.sweep;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Draws a sweep's trials: each trial's values by parameter path, in the parameters' order. The same body always gives
 * the same trials, so the platform draws them again whenever it needs them rather than storing them.
 */
final class SweepTrials {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private SweepTrials() {}

  static List<ObjectNode> draw(SweepDefinition sweep) {
    return sweep.method() == SearchMethod.GRID
        ? grid(sweep.parameters())
        : random(sweep.parameters(), sweep.trials(), sweep.seed());
  }

  /** The number of trials a grid makes, or {@code cap + 1} once the product passes {@code cap}. */
  static long gridSize(List<Parameter> parameters, long cap) {
    long size = 1;
    for (Parameter parameter : parameters) {
      size *= ((Domain.Values) parameter.domain()).values().size();
      if (size > cap) {
        return cap + 1;
      }
    }
    return size;
  }

  /** Every combination, the first parameter varying slowest (as nested loops in the order the body lists them). */
  static List<ObjectNode> grid(List<Parameter> parameters) {
    List<ObjectNode> trials = new ArrayList<>(List.of(NODES.objectNode()));
    for (Parameter parameter : parameters) {
      List<ObjectNode> extended = new ArrayList<>();
      for (ObjectNode trial : trials) {
        for (JsonNode value : ((Domain.Values) parameter.domain()).values()) {
          ObjectNode next = trial.deepCopy();
          next.set(parameter.path(), value.deepCopy());
          extended.add(next);
        }
      }
      trials = extended;
    }
    return trials;
  }

  /**
   * {@code count} trials from one {@link Random} seeded with {@code seed} (its algorithm is fixed by its
   * specification, so every JVM draws the same), trial after trial, parameter after parameter.
   */
  static List<ObjectNode> random(List<Parameter> parameters, int count, long seed) {
    Random random = new Random(seed);
    List<ObjectNode> trials = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      ObjectNode trial = NODES.objectNode();
      for (Parameter parameter : parameters) {
        trial.set(parameter.path(), draw(parameter.domain(), random));
      }
      trials.add(trial);
    }
    return trials;
  }

  /**
   * Values a tpe sweep may choose beyond its random draws, for checking before it starts: {@code base} with, in turn,
   * each listed value of a parameter and each end of its range.
   */
  static List<ObjectNode> domainEdges(List<Parameter> parameters, ObjectNode base) {
    List<ObjectNode> edges = new ArrayList<>();
    for (Parameter parameter : parameters) {
      List<JsonNode> values = parameter.domain() instanceof Domain.Range range
          ? List.of(drawIn(range, 0), drawIn(range, Math.nextDown(1.0)))
          : ((Domain.Values) parameter.domain()).values();
      for (JsonNode value : values) {
        ObjectNode edge = base.deepCopy();
        edge.set(parameter.path(), value.deepCopy());
        edges.add(edge);
      }
    }
    return edges;
  }

  static JsonNode draw(Domain domain, Random random) {
    if (domain instanceof Domain.Values values) {
      return values.values().get(random.nextInt(values.values().size())).deepCopy();
    }
    return drawIn((Domain.Range) domain, random.nextDouble());
  }

  /**
   * {@code u} in [0, 1) mapped into the range, uniformly or uniformly in log space. An integer range spans
   * [min, max + 1) before rounding down, so each integer is as likely as the next (on a linear scale).
   */
  static JsonNode drawIn(Domain.Range range, double u) {
    double top = range.integer() ? range.max() + 1 : range.max();
    double value = range.log()
        ? Math.exp(Math.log(range.min()) + u * (Math.log(top) - Math.log(range.min())))
        : range.min() + u * (top - range.min());
    if (!range.integer()) {
      return NODES.numberNode(Math.min(value, range.max()));
    }
    long integer = Math.max((long) range.min(), Math.min((long) range.max(), (long) Math.floor(value)));
    return integer == (int) integer ? NODES.numberNode((int) integer) : NODES.numberNode(integer);
  }
}
