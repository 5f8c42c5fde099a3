package dev.pedigree.api.scaling;

import dev.pedigree.workers.engine.scaling.Coverage;

/**
 * A project with succeeded pretrain runs that logged the metric.
 *
 * @param runs of its newest runs (those its law would rest on), how many are points: a spec this build reads and a
 *     positive, finite final value
 * @param sizes distinct model sizes N among them
 * @param tokenCounts distinct token counts D among them
 * @param fittable whether they meet the fit's minimum, so that its law can be fitted
 */
public record ScalingProject(String name, int runs, long sizes, long tokenCounts, boolean fittable) {
  static ScalingProject of(String name, Coverage coverage) {
    return new ScalingProject(name, coverage.runs(), coverage.sizes(), coverage.tokenCounts(), coverage.fittable());
  }
}
