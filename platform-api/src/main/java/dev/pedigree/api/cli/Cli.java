package dev.pedigree.api.cli;

import dev.pedigree.api.common.Ids;
import java.io.IOException;
import java.net.ConnectException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code pedigree submit FILE | runs | status ID | sweeps [ID] | token create | pull ID | approve|reject PIPELINE GATE
 * | usage | models [NAME] | register NAME ARTIFACT_ID | alias NAME ALIAS VERSION | tag NAME[/VERSION] KEY=VALUE
 * | tag NAME[/VERSION] --delete KEY | stage NAME VERSION STAGE | predict FILE}: thin commands over the REST API.
 */
public final class Cli {
  private Cli() {}

  /** @return the process exit code: 2 for a wrong command line, 1 for any other failure, told in one line */
  public static int run(String command, String[] args) throws IOException, InterruptedException {
    return run(ApiClient.fromEnvironment(), command, args);
  }

  static int run(ApiClient api, String command, String[] args) throws IOException, InterruptedException {
    try {
      return switch (command) {
        case "submit" -> submit(api, args);
        case "runs" -> runs(api);
        case "status" -> status(api, args);
        case "sweeps" -> Sweeps.run(api, args);
        case "token" -> token(api, args);
        case "pull" -> Pull.run(api, args, Path.of(""));
        case "approve", "reject" -> decide(api, command, args);
        case "usage" -> UsageCommand.run(api, args);
        case "models" -> RegistryCommands.models(api, args);
        case "register" -> RegistryCommands.register(api, args);
        case "alias" -> RegistryCommands.alias(api, args);
        case "tag" -> TagAndStageCommands.tag(api, args);
        case "stage" -> TagAndStageCommands.stage(api, args);
        case "predict" -> Predict.run(api, args);
        default -> throw new IllegalArgumentException("unknown command " + command);
      };
    } catch (ConnectException e) {
      System.err.println("pedigree: no platform answers at " + api.base() + " (start one with ./pedigree up, or set"
          + " PEDIGREE_URL or SERVER_PORT)");
      return 1;
    }
  }

  /**
   * A body with {@code stages} is a pipeline, one with {@code parameters} and {@code objective} a sweep; any other a
   * run.
   */
  private static int submit(ApiClient api, String[] args) throws IOException, InterruptedException {
    if (args.length != 1) {
      System.err.println("usage: pedigree submit FILE   (a run, pipeline or sweep JSON, e.g. examples/demo.json)");
      return 2;
    }
    if (Files.isDirectory(Path.of(args[0]))) {
      System.err.println("pedigree: " + args[0] + " is a directory; give a JSON file");
      return 1;
    }
    String body;
    try {
      body = Files.readString(Path.of(args[0]), StandardCharsets.UTF_8);
    } catch (IOException e) {
      System.err.println("pedigree: cannot read " + args[0] + ": " + reason(e));
      return 1;
    }
    String collection = collection(body);
    ApiClient.Response response = api.post("/api/v1/" + collection, body);
    if (!response.ok()) {
      System.err.println(response.problem());
      return 1;
    }
    String id = response.body().path("id").asString();
    System.out.println(id);
    System.err.println("submitted: " + api.base().resolve("/#/" + collection + "/" + id));
    return 0;
  }

  private static String reason(IOException e) {
    if (e instanceof NoSuchFileException) {
      return "no such file";
    }
    if (e instanceof AccessDeniedException) {
      return "permission denied";
    }
    if (e instanceof CharacterCodingException) {
      return "it is not UTF-8 text";
    }
    return e.getMessage();
  }

  /** Where a body goes, by its shape; malformed JSON is a run, so the API's answer names what is wrong with it. */
  static String collection(String body) {
    try {
      JsonNode json = JsonMapper.builder().build().readTree(body);
      if (json.has("stages")) {
        return "pipelines";
      }
      return json.has("parameters") && json.has("objective") ? "sweeps" : "runs";
    } catch (JacksonException e) {
      return "runs";
    }
  }

  /** {@code token create [--role user|worker|admin] [--name NAME] [--project P]}: prints the new token, once. */
  private static int token(ApiClient api, String[] args) throws IOException, InterruptedException {
    String usage = "usage: pedigree token create [--role user|worker|admin] [--name NAME] [--project PROJECT]";
    if (args.length == 0 || !args[0].equals("create") || args.length % 2 == 0) {
      System.err.println(usage);
      return 2;
    }
    Map<String, String> request = new LinkedHashMap<>(Map.of("name", "cli", "role", "user"));
    for (int i = 1; i < args.length; i += 2) {
      String option = args[i].startsWith("--") ? args[i].substring(2) : "";
      if (!List.of("role", "name", "project").contains(option)) {
        System.err.println(usage);
        return 2;
      }
      request.put(option, args[i + 1]);
    }
    ApiClient.Response response = api.post("/api/v1/tokens", ApiClient.json(request));
    if (!response.ok()) {
      System.err.println(response.problem());
      return 1;
    }
    System.out.println(response.body().path("token").asString());
    System.err.println("created " + response.body().path("role").asString() + " token '"
        + response.body().path("name").asString() + "'; it is shown only this once.");
    return 0;
  }

  /** {@code approve|reject PIPELINE GATE [--comment TEXT]}: a person's decision at a gate the pipeline waits at. */
  private static int decide(ApiClient api, String decision, String[] args) throws IOException, InterruptedException {
    boolean withComment = args.length == 4 && args[2].equals("--comment");
    if (args.length != 2 && !withComment) {
      System.err.println("usage: pedigree " + decision + " PIPELINE GATE [--comment TEXT]");
      return 2;
    }
    if (Ids.parse(args[0]).isEmpty()) {
      System.err.println("pedigree: '" + args[0] + "' is not a pipeline id (a UUID, as pedigree submit printed it)");
      return 2;
    }
    String body = withComment ? ApiClient.json(Map.of("comment", args[3])) : "";
    ApiClient.Response response = api.post("/api/v1/pipelines/" + args[0] + "/gates/" + ApiClient.segment(args[1])
        + "/" + decision, body);
    if (!response.ok()) {
      System.err.println(response.problem());
      return 1;
    }
    System.out.println((decision.equals("approve") ? "approved" : "rejected") + " gate " + args[1] + " of pipeline "
        + args[0]);
    return 0;
  }

  private static int runs(ApiClient api) throws IOException, InterruptedException {
    ApiClient.Response response = api.get("/api/v1/runs?size=50");
    if (!response.ok()) {
      System.err.println(response.problem());
      return 1;
    }
    System.out.printf("%-36s  %-9s  %-10s  %-13s  %s%n", "ID", "STATUS", "KIND", "STEP", "NAME");
    for (JsonNode run : response.body().path("items")) {
      JsonNode progress = run.path("progress");
      System.out.printf("%-36s  %-9s  %-10s  %-13s  %s%n", run.path("id").asString(), run.path("status").asString(),
          run.path("kind").asString(), progress.path("step").asLong() + "/" + progress.path("totalSteps").asLong(),
          run.path("name").asString());
    }
    System.out.println(response.body().path("total").asLong() + " run(s)");
    return 0;
  }

  private static int status(ApiClient api, String[] args) throws IOException, InterruptedException {
    if (args.length != 1) {
      System.err.println("usage: pedigree status ID   (a run or a pipeline)");
      return 2;
    }
    if (Ids.parse(args[0]).isEmpty()) {
      System.err.println("pedigree: '" + args[0] + "' is not a run id (a UUID as ./pedigree runs lists them, or its 32"
          + " hex digits)");
      return 2;
    }
    ApiClient.Response response = api.get("/api/v1/runs/" + args[0]);
    if (response.status() == 404) {
      ApiClient.Response pipeline = api.get("/api/v1/pipelines/" + args[0]);
      if (pipeline.ok()) {
        PipelineStatus.print(pipeline.body());
        return 0;
      }
    }
    if (!response.ok()) {
      System.err.println(response.problem());
      return 1;
    }
    JsonNode run = response.body();
    System.out.println(run.path("name").asString() + " (" + run.path("kind").asString() + "): "
        + run.path("status").asString() + ", step " + run.path("progress").path("step").asLong() + "/"
        + run.path("progress").path("totalSteps").asLong());
    if (run.path("usage").isObject()) {
      System.out.println("  device time " + UsageCommand.summary(run.path("usage")));
    }
    run.path("summary").properties().forEach(entry ->
        System.out.printf("  %-26s last %s  min %s  (%d points)%n", entry.getKey(),
            metricValue(entry.getValue().path("last")), metricValue(entry.getValue().path("min")),
            entry.getValue().path("count").asLong()));
    for (JsonNode attempt : run.path("attempts")) {
      System.out.println("  attempt " + attempt.path("attempt").asInt() + " from step " + attempt.path("fromStep").asLong()
          + " on " + attempt.path("worker").asString() + " (" + attempt.path("device").asString() + ")");
    }
    for (JsonNode artifact : run.path("outputs")) {
      System.out.println("  " + artifact.path("kind").asString() + " " + artifact.path("name").asString() + " sha256 "
          + artifact.path("sha256").asString());
    }
    if (!run.path("error").isMissingNode() && !run.path("error").isNull()) {
      System.out.println("  error: " + run.path("error").asString());
    }
    return 0;
  }

  /** A summary value: a number, or NaN, Infinity or -Infinity, which the API writes as strings. */
  private static String metricValue(JsonNode value) {
    if (!value.isNumber()) {
      return value.asString(value.toString());
    }
    double number = value.asDouble();
    return String.format(Locale.ROOT, Math.abs(number) < 1e9 ? "%.4f" : "%.4e", number);
  }
}
