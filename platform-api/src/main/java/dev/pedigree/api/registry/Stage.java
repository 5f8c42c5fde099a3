package dev.pedigree.api.registry;

import java.util.Arrays;
import java.util.Optional;

/** A model version's stage, as MLflow's registry kept them before aliases; apart from the aliases, as there. */
public enum Stage {
  NONE("None"),
  STAGING("Staging"),
  PRODUCTION("Production"),
  ARCHIVED("Archived");

  public static final String RULE = "must be one of None, Staging, Production or Archived";

  private final String label;

  Stage(String label) {
    this.label = label;
  }

  /** The stage's name as MLflow writes it, and as it is stored. */
  public String label() {
    return label;
  }

  /** The stage named in any case, as MLflow reads stage names. */
  public static Optional<Stage> parse(String name) {
    return Arrays.stream(values()).filter(stage -> stage.label.equalsIgnoreCase(name)).findFirst();
  }

  /** Whether a version's move into the stage may archive the versions already in it. */
  boolean isActive() {
    return this == STAGING || this == PRODUCTION;
  }
}
