package dev.pedigree.api.cli;

import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * A pipeline as {@code pedigree status} and the demo print it: each stage's status and what it did; under a gate, its
 * deadline while it waits and its earlier decisions.
 */
final class PipelineStatus {
  private PipelineStatus() {}

  static void print(JsonNode pipeline) {
    System.out.println(pipeline.path("name").asString() + " (pipeline): " + pipeline.path("status").asString() + ", "
        + pipeline.path("stagesSucceeded").asInt() + "/" + pipeline.path("stagesTotal").asInt() + " stages done");
    for (JsonNode stage : pipeline.path("stages")) {
      System.out.printf("  %-16s %-9s %-9s %s%n", stage.path("name").asString(), stage.path("kind").asString(),
          stage.path("status").asString(), outcome(stage));
      if (stage.path("gate").isObject()) {
        printDeadlineAndEarlierDecisions(stage.path("gate"), stage.path("status").asString());
      }
    }
    if (pipeline.path("error").isString()) {
      System.out.println("  error: " + pipeline.path("error").asString());
    }
  }

  private static void printDeadlineAndEarlierDecisions(JsonNode gate, String status) {
    if (status.equals("WAITING") && gate.path("timeoutAt").isString()) {
      System.out.println("    deadline " + gate.path("timeoutAt").asString() + ": then it will "
          + gate.path("onTimeout").asString() + " itself");
    }
    List<JsonNode> decisions = gate.path("decisions").valueStream().toList();
    int onItsLine = gate.path("decidedBy").isString() ? 1 : 0;
    for (JsonNode decision : decisions.subList(0, Math.max(0, decisions.size() - onItsLine))) {
      System.out.println("    earlier: try " + decision.path("attempt").asInt() + " "
          + decision.path("decision").asString() + " by " + decision.path("by").asString()
          + (decision.path("comment").isString() ? ": " + decision.path("comment").asString() : "")
          + " at " + decision.path("at").asString());
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
