package dev.pedigree.api.mlflow;

import java.time.Instant;

/** An MLflow experiment is a Pedigree project. */
record Experiment(long projectId, String project, Instant createdAt) {
  static final String DEFAULT_PROJECT = "default";
  /** MLflow's default experiment: every MLflow client assumes id "0" named "Default". */
  static final String DEFAULT_ID = "0";
  static final String DEFAULT_NAME = "Default";

  String experimentId() {
    return isDefault() ? DEFAULT_ID : Long.toString(projectId);
  }

  String name() {
    return isDefault() ? DEFAULT_NAME : project;
  }

  private boolean isDefault() {
    return project.equals(DEFAULT_PROJECT);
  }

  /** The project an experiment name stands for. */
  static String projectOf(String experimentName) {
    return experimentName.equals(DEFAULT_NAME) ? DEFAULT_PROJECT : experimentName;
  }
}
