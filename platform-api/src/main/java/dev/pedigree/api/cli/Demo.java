package dev.pedigree.api.cli;

import dev.pedigree.api.PlatformApiApplication;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Stream;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * {@code pedigree demo [--exit]}: starts the embedded platform, submits {@code examples/demo.json}, draws a progress
 * bar with the loss while it trains, then keeps serving the dashboard (or stops, with {@code --exit}).
 */
public final class Demo {
  private static final int BAR_WIDTH = 30;

  private Demo() {}

  public static int run(String[] args) throws IOException, InterruptedException {
    boolean exitWhenDone = Arrays.asList(args).contains("--exit");
    // The console shows the progress bar; the platform logs to PEDIGREE_HOME/logs only.
    String[] springArgs = Stream.concat(Stream.of("--logging.threshold.console=OFF"),
        Arrays.stream(args).filter(arg -> !arg.equals("--exit"))).toArray(String[]::new);
    System.out.println("starting the embedded platform (logs: " + ApiClient.home().resolve("logs/pedigree.log") + ")");
    ConfigurableApplicationContext platform = SpringApplication.run(PlatformApiApplication.class, springArgs);
    URI base = URI.create("http://localhost:" + platform.getEnvironment().getProperty("local.server.port"));
    ApiClient api = new ApiClient(base, ApiClient.tokenFromEnvironment());

    ApiClient.Response submitted = api.post("/api/v1/runs", demoSpec());
    if (!submitted.ok()) {
      System.err.println("the demo spec was refused: " + submitted.problem());
      platform.close();
      return 1;
    }
    String id = submitted.body().path("id").asString();
    System.out.println("demo run " + id + ": " + base.resolve("/#/runs/" + id));
    JsonNode run = follow(api, id);
    System.out.println();
    String status = run.path("status").asString();
    System.out.println("demo run " + status.toLowerCase(Locale.ROOT) + ": " + base.resolve("/#/runs/" + id));
    for (JsonNode artifact : run.path("outputs")) {
      System.out.println("  " + artifact.path("kind").asString() + " " + artifact.path("uri").asString() + "\n    sha256 "
          + artifact.path("sha256").asString());
    }
    if (!run.path("error").isNull() && !run.path("error").isMissingNode()) {
      System.out.println("  error: " + run.path("error").asString());
    }
    if (exitWhenDone) {
      platform.close();
      return "SUCCEEDED".equals(status) ? 0 : 1;
    }
    System.out.println("Dashboard: " + base + "  (Ctrl-C to stop)");
    return -1;
  }

  private static JsonNode follow(ApiClient api, String id) throws IOException, InterruptedException {
    while (true) {
      JsonNode run = api.get("/api/v1/runs/" + id).body();
      String status = run.path("status").asString();
      long step = run.path("progress").path("step").asLong();
      long total = Math.max(1, run.path("progress").path("totalSteps").asLong());
      JsonNode loss = run.path("summary").path("train/loss").path("last");
      int filled = (int) (BAR_WIDTH * Math.min(step, total) / total);
      System.out.printf("\r[%s%s] %5d/%d  loss %s  %-9s", "#".repeat(filled), " ".repeat(BAR_WIDTH - filled), step, total,
          loss.isNumber() ? String.format(Locale.ROOT, "%.4f", loss.asDouble()) : "  -   ", status);
      System.out.flush();
      if (!status.equals("QUEUED") && !status.equals("RUNNING")) {
        return run;
      }
      Thread.sleep(1000);
    }
  }

  private static String demoSpec() throws IOException {
    try (InputStream in = Demo.class.getResourceAsStream("/examples/demo.json")) {
      if (in == null) {
        throw new IOException("examples/demo.json is missing from the jar");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
