package dev.pedigree.api.cli;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/** {@code usage [--project P] [--by project|kind|device|pipeline|day]}: device time and cost, one row per group. */
final class UsageCommand {
  private static final String USAGE = "usage: pedigree usage [--project P] [--by project|kind|device|pipeline|day]";
  private static final String ROW = "%-36s  %5s  %8s  %12s  %12s  %12s%n";

  private UsageCommand() {}

  /** @return the process exit code */
  static int run(ApiClient api, String[] args) throws IOException, InterruptedException {
    Map<String, String> query = new LinkedHashMap<>();
    for (int i = 0; i < args.length; i += 2) {
      String parameter = switch (args[i]) {
        case "--project" -> "project";
        case "--by" -> "groupBy";
        default -> null;
      };
      if (parameter == null || i + 1 >= args.length) {
        System.err.println(USAGE);
        return 2;
      }
      query.put(parameter, args[i + 1]);
    }
    StringBuilder path = new StringBuilder("/api/v1/usage");
    query.forEach((name, value) -> path.append(path.indexOf("?") < 0 ? '?' : '&').append(name).append('=')
        .append(URLEncoder.encode(value, StandardCharsets.UTF_8)));
    ApiClient.Response response = api.get(path.toString());
    if (!response.ok()) {
      System.err.println(response.problem());
      return 1;
    }
    JsonNode report = response.body();
    System.out.printf(ROW, query.getOrDefault("groupBy", "project").toUpperCase(Locale.ROOT), "RUNS", "ATTEMPTS",
        "DEVICE TIME", "LOST", "COST (" + report.path("currency").asString() + ")");
    for (JsonNode group : report.path("groups")) {
      print(group.path("key").isNull() ? "(none)" : group.path("key").asString(), group);
    }
    print("total", report.path("total"));
    return 0;
  }

  /** A run's usage in one line, e.g. {@code 1:00:00 on cuda, 0:06:15 of it lost, cost 2.4900 USD}. */
  static String summary(JsonNode usage) {
    return duration(usage.path("deviceSeconds").asDouble()) + " on " + usage.path("device").asString() + ", "
        + duration(usage.path("lostSeconds").asDouble()) + " of it lost, cost "
        + (usage.path("cost").isNumber() ? cost(usage.path("cost")) + " " + usage.path("currency").asString()
            : "unknown (no price for the device)");
  }

  private static void print(String key, JsonNode group) {
    System.out.printf(ROW, key, group.path("runs").asLong(), group.path("attempts").asLong(),
        duration(group.path("deviceSeconds").asDouble()), duration(group.path("lostSeconds").asDouble()),
        group.path("cost").isNumber() ? cost(group.path("cost")) : "-");
  }

  /** Hours, minutes and seconds: device time adds up to more than days are worth reading as. */
  private static String duration(double seconds) {
    long whole = Math.round(seconds);
    return String.format(Locale.ROOT, "%d:%02d:%02d", whole / 3600, whole / 60 % 60, whole % 60);
  }

  private static String cost(JsonNode cost) {
    return String.format(Locale.ROOT, "%.4f", cost.asDouble());
  }
}
