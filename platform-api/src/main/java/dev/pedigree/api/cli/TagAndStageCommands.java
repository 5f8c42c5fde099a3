package dev.pedigree.api.cli;

import dev.pedigree.api.registry.ModelUri;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code tag NAME[/VERSION] KEY=VALUE}, {@code tag NAME[/VERSION] --delete KEY} and
 * {@code stage NAME VERSION STAGE [--archive-existing]}: a model's or version's tags, and a version's stage.
 */
final class TagAndStageCommands {
  private static final String VERSION = "[1-9][0-9]{0,8}";

  private TagAndStageCommands() {}

  static int tag(ApiClient api, String[] args) throws IOException, InterruptedException {
    boolean delete = args.length == 3 && args[1].equals("--delete");
    int equals = args.length == 2 ? args[1].indexOf('=') : -1;
    if (!delete && equals < 1) {
      System.err.println("usage: pedigree tag NAME[/VERSION] KEY=VALUE | pedigree tag NAME[/VERSION] --delete KEY"
          + "   (e.g. pedigree tag arith-small/3 data=v2)");
      return 2;
    }
    String[] target = args[0].split("/", 2);
    if (!ModelUri.isName(target[0]) || target.length == 2 && !target[1].matches(VERSION)) {
      System.err.println("pedigree: '" + args[0] + "' is not a model name, nor NAME/VERSION");
      return 2;
    }
    String key = delete ? args[2] : args[1].substring(0, equals);
    String path = "/api/v1/models/" + target[0] + (target.length == 2 ? "/versions/" + target[1] : "") + "/tags/"
        + ApiClient.segment(key);
    ApiClient.Response response = delete ? api.delete(path)
        : api.put(path, ApiClient.json(Map.of("value", args[1].substring(equals + 1))));
    if (!response.ok()) {
      System.err.println(response.problem());
      return 1;
    }
    System.out.println(delete ? args[0] + ": tag " + key + " deleted" : args[0] + ": " + args[1]);
    return 0;
  }

  static int stage(ApiClient api, String[] args) throws IOException, InterruptedException {
    boolean archive = args.length == 4 && args[3].equals("--archive-existing");
    if (args.length != 3 && !archive || !args[1].matches(VERSION)) {
      System.err.println("usage: pedigree stage NAME VERSION STAGE [--archive-existing]   (STAGE: None, Staging,"
          + " Production or Archived; --archive-existing archives the model's other versions in Staging or"
          + " Production)");
      return 2;
    }
    if (!ModelUri.isName(args[0])) {
      System.err.println("pedigree: '" + args[0] + "' is not a model name: it " + ModelUri.NAME_RULE);
      return 2;
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("stage", args[2]);
    body.put("archiveExisting", archive);
    ApiClient.Response response = api.post("/api/v1/models/" + args[0] + "/versions/" + args[1] + "/stage",
        ApiClient.json(body));
    if (!response.ok()) {
      System.err.println(response.problem());
      return 1;
    }
    System.out.println(args[0] + " v" + args[1] + ": " + response.body().path("stage").asString());
    return 0;
  }
}
