package dev.pedigree.api.cli;

import java.util.Locale;
import tools.jackson.databind.JsonNode;

/**
 * A sweep's parameter importance as {@code pedigree sweeps ID} prints it under the trials: each parameter's share of the
 * forest's fit as a number and a bar, and its signed correlation with the objective; or why there is none yet.
 */
final class Importance {
  private static final int BAR_WIDTH = 20;
  private static final String ROW = "  %-32s  %-" + (BAR_WIDTH + 5) + "s  %s%n";

  private Importance() {}

  static void print(JsonNode sweep) {
    if (sweep.path("importanceReason").isString()) {
      System.out.println("  parameter importance: " + sweep.path("importanceReason").asString());
      return;
    }
    if (!sweep.path("importance").isArray()) {
      return;
    }
    System.out.println("  parameter importance over the finished trials:");
    System.out.printf(ROW, "PARAMETER", "IMPORTANCE", "CORRELATION");
    for (JsonNode row : sweep.path("importance")) {
      double importance = row.path("importance").asDouble();
      JsonNode correlation = row.path("correlation");
      System.out.printf(ROW, row.path("parameter").asString(),
          String.format(Locale.ROOT, "%.2f ", importance) + "#".repeat((int) Math.round(BAR_WIDTH * importance)),
          correlation.isNumber() ? String.format(Locale.ROOT, "%+.2f", correlation.asDouble()) : "-");
    }
  }
}
