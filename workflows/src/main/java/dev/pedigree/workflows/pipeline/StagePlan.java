package dev.pedigree.workflows.pipeline;

import java.util.List;

/**
 * A stage as the workflow schedules it: a run, a gate where the pipeline waits for a person's approval, or the
 * registration of an upstream model in the model registry.
 *
 * @param kind the run's kind, {@link #GATE} or {@link #REGISTER}
 * @param specTemplate the stage's spec as JSON text, with {@code ${stages.<name>.model}} where an upstream model goes;
 *     a gate's question for the approver; a registration's {@code {"model", "name", "alias"}}
 * @param dependsOn the stages that must succeed first: those it references, and those it lists in {@code after}
 * @param gateTimeout when a gate decides itself; null for a gate that waits as long as it takes, and other stages
 */
public record StagePlan(String name, String kind, String specTemplate, List<String> dependsOn,
    GateTimeout gateTimeout) {
  public static final String GATE = "gate";
  public static final String REGISTER = "register";

  public StagePlan {
    dependsOn = List.copyOf(dependsOn);
  }

  /** A stage without a gate timeout. */
  public StagePlan(String name, String kind, String specTemplate, List<String> dependsOn) {
    this(name, kind, specTemplate, dependsOn, null);
  }

  /** Not named isGate: a bean getter would travel in the Temporal payload as a property the reader refuses. */
  public boolean waitsForApproval() {
    return kind.equals(GATE);
  }

  public boolean registersModel() {
    return kind.equals(REGISTER);
  }
}
