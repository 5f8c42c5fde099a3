package dev.pedigree.api.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code predict FILE [--project P] [--metric M]}: the final loss the pretrain run in FILE (a run body as
 * {@code submit} takes it, or its spec alone) would reach, by the scaling law of the project's finished runs, and
 * those runs. The project is {@code --project}, else the file's, else every project.
 */
final class Predict {
  private static final String USAGE = "usage: pedigree predict FILE [--project P] [--metric val/loss]";
  private static final String ROW = "%-36s  %-24s  %12s  %14s  %9s  %9s  %9s%n";

  private Predict() {}

  /** @return the process exit code */
  static int run(ApiClient api, String[] args) throws IOException, InterruptedException {
    if (args.length == 0 || args.length % 2 == 0) {
      System.err.println(USAGE);
      return 2;
    }
    Map<String, Object> request = new LinkedHashMap<>();
    for (int i = 1; i < args.length; i += 2) {
      if (!args[i].equals("--project") && !args[i].equals("--metric")) {
        System.err.println(USAGE);
        return 2;
      }
      request.put(args[i].substring(2), args[i + 1]);
    }
    JsonNode file;
    try {
      file = JsonMapper.builder().build().readTree(Files.readString(Path.of(args[0]), StandardCharsets.UTF_8));
    } catch (IOException | JacksonException e) {
      System.err.println("pedigree: cannot read " + args[0] + " as JSON: " + e.getMessage());
      return 1;
    }
    if (file.has("kind") && !file.path("kind").asString().equals("pretrain")) {
      System.err.println("pedigree: " + args[0] + " is a " + file.path("kind").asString()
          + " run; scaling laws predict pretrain runs");
      return 1;
    }
    if (file.path("project").isString()) {
      request.putIfAbsent("project", file.path("project").asString());
    }
    request.put("spec", file.has("spec") ? file.get("spec") : file);
    ApiClient.Response response = api.post("/api/v1/scaling-law/predict", ApiClient.json(request));
    if (!response.ok()) {
      System.err.println(response.problem());
      return 1;
    }
    print(response.body());
    return 0;
  }

  private static void print(JsonNode prediction) {
    JsonNode interval = prediction.path("interval");
    JsonNode fit = prediction.path("fit");
    JsonNode law = fit.path("law");
    System.out.printf(Locale.ROOT, "predicted %s: %.4f (%.0f%% interval %.4f - %.4f over %d resamples)%n",
        fit.path("metric").asString(), prediction.path("loss").asDouble(), 100 * interval.path("level").asDouble(),
        interval.path("low").asDouble(), interval.path("high").asDouble(), interval.path("resamples").asInt());
    System.out.printf(Locale.ROOT, "for N = %,d non-embedding parameters, D = %,d tokens%n",
        prediction.path("parameters").asLong(), prediction.path("tokens").asLong());
    System.out.printf(Locale.ROOT, "law: L = %.4f + %.4g / N^%.4f + %.4g / D^%.4f, fitted to %d succeeded pretrain"
            + " runs of %s:%n", law.path("irreducible").asDouble(), law.path("a").asDouble(),
        law.path("alpha").asDouble(), law.path("b").asDouble(), law.path("beta").asDouble(), fit.path("runs").size(),
        fit.path("project").isString() ? "project " + fit.path("project").asString() : "every project");
    System.out.printf(ROW, "RUN", "NAME", "N", "D", "LOSS", "LAW", "RESIDUAL");
    for (JsonNode run : fit.path("runs")) {
      System.out.printf(Locale.ROOT, ROW, run.path("id").asString(), run.path("name").asString(),
          String.format(Locale.ROOT, "%,d", run.path("parameters").asLong()),
          String.format(Locale.ROOT, "%,d", run.path("tokens").asLong()),
          String.format(Locale.ROOT, "%.4f", run.path("loss").asDouble()),
          String.format(Locale.ROOT, "%.4f", run.path("fitted").asDouble()),
          String.format(Locale.ROOT, "%+.4f", run.path("residual").asDouble()));
    }
  }
}
