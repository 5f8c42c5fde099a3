package dev.pedigree.api.cli;

import dev.pedigree.api.registry.ModelUri;
import java.io.IOException;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import tools.jackson.databind.JsonNode;

/**
 * {@code models [NAME]}, {@code register NAME ARTIFACT_ID} and {@code alias NAME ALIAS VERSION}: the model registry.
 */
final class RegistryCommands {
  private RegistryCommands() {}

  static int models(ApiClient api, String[] args) throws IOException, InterruptedException {
    if (args.length > 1) {
      System.err.println("usage: pedigree models [NAME]");
      return 2;
    }
    if (args.length == 1) {
      return ModelVersions.run(api, args[0]);
    }
    ApiClient.Response response = api.get("/api/v1/models?size=200");
    if (!response.ok()) {
      System.err.println(response.problem());
      return 1;
    }
    System.out.printf("%-32s  %-6s  %-16s  %s%n", "NAME", "LATEST", "PROJECT", "ALIASES");
    for (JsonNode model : response.body().path("items")) {
      JsonNode latest = model.path("latestVersion");
      String aliases = StreamSupport.stream(model.path("aliases").spliterator(), false)
          .map(alias -> alias.path("alias").asString() + "=v" + alias.path("version").asInt())
          .collect(Collectors.joining(" "));
      System.out.printf("%-32s  %-6s  %-16s  %s%n", model.path("name").asString(),
          latest.isObject() ? "v" + latest.path("version").asInt() : "-", model.path("project").asString(), aliases);
    }
    System.out.println(response.body().path("total").asLong() + " model(s)");
    return 0;
  }

  /** Creates the model when it does not exist yet; prints the new version's number. */
  static int register(ApiClient api, String[] args) throws IOException, InterruptedException {
    if (args.length != 2) {
      System.err.println("usage: pedigree register NAME ARTIFACT_ID   (the id of a model artifact, as pedigree status"
          + " ID lists them)");
      return 2;
    }
    String name = args[0];
    if (!ModelUri.isName(name)) {
      System.err.println("pedigree: '" + name + "' is not a model name: it " + ModelUri.NAME_RULE);
      return 2;
    }
    ApiClient.Response model = api.get("/api/v1/models/" + name);
    if (model.status() == 404) {
      model = api.post("/api/v1/models", ApiClient.json(Map.of("name", name)));
    }
    if (!model.ok()) {
      System.err.println(model.problem());
      return 1;
    }
    ApiClient.Response version = api.post("/api/v1/models/" + name + "/versions",
        ApiClient.json(Map.of("artifact", args[1])));
    if (!version.ok()) {
      System.err.println(version.problem());
      return 1;
    }
    System.out.println(version.body().path("version").asInt());
    System.err.println("registered " + args[1] + " as " + name + " v" + version.body().path("version").asInt()
        + "; runs may name it models:/" + name + "/" + version.body().path("version").asInt());
    return 0;
  }

  static int alias(ApiClient api, String[] args) throws IOException, InterruptedException {
    if (args.length != 3 || !args[2].matches("[1-9][0-9]{0,8}")) {
      System.err.println("usage: pedigree alias NAME ALIAS VERSION   (e.g. pedigree alias arith-small champion 3)");
      return 2;
    }
    if (!ModelUri.isName(args[0]) || !args[1].matches("[A-Za-z0-9_-]{1,64}")) {
      System.err.println("pedigree: '" + args[0] + "@" + args[1] + "' is not a model name and alias");
      return 2;
    }
    ApiClient.Response response = api.put("/api/v1/models/" + args[0] + "/aliases/" + args[1],
        ApiClient.json(Map.of("version", Integer.parseInt(args[2]))));
    if (!response.ok()) {
      System.err.println(response.problem());
      return 1;
    }
    System.out.println("models:/" + args[0] + "@" + args[1] + " -> v" + response.body().path("version").asInt());
    return 0;
  }
}
