package dev.pedigree.api.cli;

import dev.pedigree.api.registry.ModelUri;
import java.io.IOException;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;

/** {@code models NAME}: a model with its tags, then its versions, newest first, with stage, aliases and tags. */
final class ModelVersions {
  /** As the dashboard cuts them; the API holds the whole value. */
  private static final int TAG_VALUE_WIDTH = 40;
  private static final String ROW = "  %-7s  %-10s  %-16s  %-36s  %s%n";

  private ModelVersions() {}

  static int run(ApiClient api, String name) throws IOException, InterruptedException {
    if (!ModelUri.isName(name)) {
      System.err.println("pedigree: '" + name + "' is not a model name: it " + ModelUri.NAME_RULE);
      return 2;
    }
    ApiClient.Response model = api.get("/api/v1/models/" + name);
    ApiClient.Response versions = model.ok() ? api.get("/api/v1/models/" + name + "/versions") : model;
    if (!versions.ok()) {
      System.err.println(versions.problem());
      return 1;
    }
    JsonNode latest = model.body().path("latestVersion");
    String tags = tags(model.body().path("tags"));
    System.out.println(name + " (project " + model.body().path("project").asString() + "): " + versions.body().size()
        + " version(s)" + (latest.isObject() ? ", latest v" + latest.path("version").asInt() : "")
        + (tags.isEmpty() ? "" : "; tags " + tags));
    System.out.printf(ROW, "VERSION", "STAGE", "ALIASES", "ARTIFACT", "TAGS");
    for (JsonNode version : versions.body()) {
      String stage = version.path("stage").asString("None");
      String aliases = version.path("aliases").valueStream().map(JsonNode::asString).collect(Collectors.joining(" "));
      String versionTags = tags(version.path("tags"));
      System.out.printf(ROW, "v" + version.path("version").asInt(), stage.equals("None") ? "-" : stage,
          aliases.isEmpty() ? "-" : aliases, version.path("artifact").path("id").asString(),
          versionTags.isEmpty() ? "-" : versionTags);
    }
    return 0;
  }

  /** {@code key=value} pairs in the API's order (by key), a long value cut short. */
  private static String tags(JsonNode tags) {
    return tags.properties().stream()
        .map(tag -> tag.getKey() + "=" + shortened(tag.getValue().asString()))
        .collect(Collectors.joining(" "));
  }

  private static String shortened(String value) {
    return value.length() > TAG_VALUE_WIDTH ? value.substring(0, TAG_VALUE_WIDTH) + "..." : value;
  }
}
