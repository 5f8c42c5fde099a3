package dev.pedigree.api.cli;

import dev.pedigree.api.common.Ids;
import java.io.IOException;
import java.util.Locale;
import tools.jackson.databind.JsonNode;

/** {@code sweeps [ID]}: the sweeps with their best trials, or one sweep's trials with the best one marked. */
final class Sweeps {
  private Sweeps() {}

  /** @return the process exit code */
  static int run(ApiClient api, String[] args) throws IOException, InterruptedException {
    if (args.length > 1) {
      System.err.println("usage: pedigree sweeps [ID]");
      return 2;
    }
    if (args.length == 1 && Ids.parse(args[0]).isEmpty()) {
      System.err.println("pedigree: '" + args[0] + "' is not a sweep id (a UUID as ./pedigree sweeps lists them)");
      return 2;
    }
    ApiClient.Response response = api.get(args.length == 0 ? "/api/v1/sweeps?size=50" : "/api/v1/sweeps/" + args[0]);
    if (!response.ok()) {
      System.err.println(response.problem());
      return 1;
    }
    if (args.length == 0) {
      list(response.body());
    } else {
      one(response.body());
    }
    return 0;
  }

  private static void list(JsonNode sweeps) {
    System.out.printf("%-36s  %-9s  %-6s  %-9s  %-12s  %s%n", "ID", "STATUS", "METHOD", "SUCCEEDED", "BEST", "NAME");
    for (JsonNode sweep : sweeps) {
      JsonNode counts = sweep.path("counts");
      System.out.printf("%-36s  %-9s  %-6s  %-9s  %-12s  %s%n", sweep.path("id").asString(),
          sweep.path("status").asString(), sweep.path("method").asString(),
          counts.path("succeeded").asInt() + "/" + counts.path("trials").asInt(),
          value(sweep.path("best").path("objective")), sweep.path("name").asString());
    }
    System.out.println(sweeps.size() + " sweep(s)");
  }

  private static void one(JsonNode sweep) {
    JsonNode objective = sweep.path("objective");
    System.out.println(sweep.path("name").asString() + " (" + sweep.path("method").asString() + " search over "
        + sweep.path("kind").asString() + " runs): " + sweep.path("status").asString() + "; "
        + objective.path("goal").asString() + " " + objective.path("summary").asString() + " "
        + objective.path("metric").asString());
    int best = sweep.path("best").path("trial").asInt(0);
    // An asha stop's rung makes its status longer than the column; the column widens so that the rows stay aligned.
    int statusWidth = sweep.path("trials").valueStream().mapToInt(trial -> status(trial).length())
        .reduce(9, Math::max);
    // A tpe sweep's trials say how their values were chosen: at random (startup trials) or by tpe.
    boolean tpe = sweep.path("method").asString().equals("tpe");
    // A pbt sweep's trials say their member and generation, and whose checkpoint they continued.
    boolean pbt = sweep.path("method").asString().equals("pbt");
    String row = "  %-6s" + (tpe ? "  %-6s" : pbt ? "  %-18s" : "%s") + "  %-" + statusWidth + "s  %-12s  %-36s  %s%n";
    System.out.printf(row, "TRIAL", tpe ? "DRAWN" : pbt ? "MEMBER" : "", "STATUS", "OBJECTIVE", "RUN", "PARAMS");
    for (JsonNode trial : sweep.path("trials")) {
      String number = (trial.path("trial").asInt() == best ? "*" : "") + trial.path("trial").asInt();
      System.out.printf(row, number, tpe ? trial.path("drawnBy").asString("-") : pbt ? member(trial) : "",
          status(trial), value(trial.path("objective")), trial.path("runId").asString("-"), params(tpe, trial));
    }
    for (JsonNode trial : sweep.path("trials")) {
      if (trial.has("drawnWhy")) {
        System.out.println("  trial " + trial.path("trial").asInt() + " was drawn at random: "
            + trial.path("drawnWhy").asString());
      }
    }
    Importance.print(sweep);
    if (!sweep.path("error").isMissingNode()) {
      System.out.println("  error: " + sweep.path("error").asString());
    }
  }

  /** {@code m1 g2 <- 3} (continues trial 3), {@code m1 g2 <- 4 exploit} (continues another member's trial 4). */
  private static String member(JsonNode trial) {
    JsonNode member = trial.path("pbt");
    String place = "m" + member.path("member").asInt() + " g" + member.path("generation").asInt();
    return member.has("parentTrial") ? place + " <- " + member.path("parentTrial").asInt()
        + (member.path("exploited").asBoolean() ? " exploit" : "") : place;
  }

  /** A tpe trial past the startup trials has no values until it starts: tpe chooses them from those scored then. */
  private static String params(boolean tpe, JsonNode trial) {
    return tpe && !trial.has("drawnBy") && trial.path("params").isEmpty()
        ? "drawn by tpe when a slot frees"
        : trial.path("params").toString();
  }

  /** STOPPED for a trial the early-stopping rule cancelled, with the step and rung where asha stopped it. */
  private static String status(JsonNode trial) {
    if (!trial.path("stoppedEarly").asBoolean()) {
      return trial.path("status").asString();
    }
    JsonNode at = trial.path("stoppedAt");
    return at.isObject()
        ? "STOPPED at step " + at.path("step").asLong() + " (rung " + at.path("rung").asInt() + ")"
        : "STOPPED";
  }

  /** An objective: a number, NaN or an infinity (strings in the API's JSON), or "-" when there is none yet. */
  private static String value(JsonNode objective) {
    if (objective.isMissingNode() || objective.isNull()) {
      return "-";
    }
    return objective.isNumber() ? String.format(Locale.ROOT, "%.4f", objective.asDouble()) : objective.asString();
  }
}
