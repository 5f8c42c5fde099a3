package dev.pedigree.api.sweep;

import dev.pedigree.workflows.sweep.EarlyStoppingRule;
import java.util.List;
import tools.jackson.databind.node.ObjectNode;

/**
 * A sweep body, read: the run spec every trial starts from and what the trials vary.
 *
 * @param spec the base spec as submitted; trials set their values in copies of it, never in it
 * @param trials how many trials the sweep runs (for a grid, the product of the parameters' value counts)
 * @param earlyStopping null when the sweep stops no trial early
 * @param tpe null unless the method is {@link SearchMethod#TPE}
 * @param pbt null unless the method is {@link SearchMethod#PBT}
 */
record SweepDefinition(
    String name,
    String project,
    String kind,
    ObjectNode spec,
    List<Parameter> parameters,
    SearchMethod method,
    int trials,
    long seed,
    int parallelism,
    Objective objective,
    EarlyStoppingRule earlyStopping,
    TpeSettings tpe,
    PbtSettings pbt) {
  SweepDefinition {
    parameters = List.copyOf(parameters);
  }

  SweepDefinition(String name, String project, String kind, ObjectNode spec, List<Parameter> parameters,
      SearchMethod method, int trials, long seed, int parallelism, Objective objective,
      EarlyStoppingRule earlyStopping, TpeSettings tpe) {
    this(name, project, kind, spec, parameters, method, trials, seed, parallelism, objective, earlyStopping, tpe, null);
  }

  /** The run name of a trial: the sweep's name and the trial's number. */
  String trialName(int trial) {
    return name + "-" + trial;
  }
}
