package dev.pedigree.api.cli;

import tools.jackson.databind.JsonNode;

/** A pipeline as {@code pedigree status} and the demo print it: each stage's status and what it did. */
final class PipelineStatus {
  private PipelineStatus() {}

  static void print(JsonNode pipeline) {
    System.out.println(pipeline.path("name").asString() + " (pipeline): " + pipeline.path("status").asString() + ", "
        + pipeline.path("stagesSucceeded").asInt() + "/" + pipeline.path("stagesTotal").asInt() + " stages done");
    for (JsonNode stage : pipeline.path("stages")) {
      System.out.printf("  %-16s %-9s %-9s %s%n", stage.path("name").asString(), stage.path("kind").asString(),
          stage.path("status").asString(), outcome(stage));
    }
    if (pipeline.path("error").isString()) {
      System.out.println("  error: " + pipeline.path("error").asString());
    }
  }

  /** A run stage's latest run, a gate's question or decision, or what a register stage registered. */
  static String outcome(JsonNode stage) {
    JsonNode gate = stage.path("gate");
    if (gate.isObject()) {
      return gate.path("decidedBy").isString()
          ? "by " + gate.path("decidedBy").asString()
              + (gate.path("comment").isString() ? ": " + gate.path("comment").asString() : "")
          : "asks: " + gate.path("question").asString();
    }
    JsonNode registered = stage.path("registered");
    if (registered.isObject()) {
      return "registered " + registered.path("name").asString() + " v" + registered.path("version").asInt()
          + (registered.path("alias").isString() ? " @" + registered.path("alias").asString() : "");
    }
    return stage.path("runId").isString() ? "run " + stage.path("runId").asString() : "";
  }
}
