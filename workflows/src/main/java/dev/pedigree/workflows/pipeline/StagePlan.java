package dev.pedigree.workflows.pipeline;

import java.util.List;

/**
 * A stage as the workflow schedules it.
 *
 * @param specTemplate the stage's spec as JSON text, with {@code ${stages.<name>.model}} where an upstream model goes
 * @param dependsOn the stages that must succeed first: those it references, and those it lists in {@code after}
 */
public record StagePlan(String name, String kind, String specTemplate, List<String> dependsOn) {
  public StagePlan {
    dependsOn = List.copyOf(dependsOn);
  }
}
