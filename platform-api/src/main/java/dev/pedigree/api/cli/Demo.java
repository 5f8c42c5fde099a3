package dev.pedigree.api.cli;

import dev.pedigree.api.PlatformApiApplication;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * {@code pedigree demo [--exit]}: starts the embedded platform, submits the pipeline of
 * {@code examples/pipelines/demo.json} (pretrain with data selection → RL → distillation → merge), draws a progress bar
 * for the stage that is training, prints the final model's lineage, then keeps serving the dashboard (or stops, with
 * {@code --exit}).
 */
public final class Demo {
  private static final int BAR_WIDTH = 30;
  private static final String PIPELINE = "/examples/pipelines/demo.json";

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

    ApiClient.Response submitted = api.post("/api/v1/pipelines", resource(PIPELINE));
    if (!submitted.ok()) {
      System.err.println("the demo pipeline was refused: " + submitted.problem());
      platform.close();
      return 1;
    }
    String id = submitted.body().path("id").asString();
    System.out.println("demo pipeline " + id + " (" + base.resolve("/api/v1/pipelines/" + id) + ")");
    Instant started = Instant.now();
    JsonNode pipeline = follow(api, id);
    String status = pipeline.path("status").asString();
    System.out.printf("demo pipeline %s after %ds%n", status.toLowerCase(Locale.ROOT),
        Duration.between(started, Instant.now()).toSeconds());
    if (!pipeline.path("error").isNull() && !pipeline.path("error").isMissingNode()) {
      System.out.println("  error: " + pipeline.path("error").asString());
    }
    JsonNode last = pipeline.path("stages").get(pipeline.path("stages").size() - 1);
    if (last.path("model").isString()) {
      printLineage(api, last.path("model").asString());
    }
    if (exitWhenDone) {
      platform.close();
      return "SUCCEEDED".equals(status) ? 0 : 1;
    }
    System.out.println("Dashboard: " + base + "  (Ctrl-C to stop)");
    return -1;
  }

  /** Redraws one line for the stage that is training; each stage that ends gets a line of its own. */
  private static JsonNode follow(ApiClient api, String id) throws IOException, InterruptedException {
    Map<String, String> reported = new TreeMap<>();
    while (true) {
      JsonNode pipeline = api.get("/api/v1/pipelines/" + id).body();
      for (JsonNode stage : pipeline.path("stages")) {
        String name = stage.path("name").asString();
        String status = stage.path("status").asString();
        boolean ended = !status.equals("PENDING") && !status.equals("QUEUED") && !status.equals("RUNNING");
        if (ended && !status.equals(reported.get(name))) {
          reported.put(name, status);
          System.out.printf("\r%-80s%n", String.format("  %-9s %-9s %s", name, status,
              PipelineStatus.outcome(stage)));
        } else if (status.equals("RUNNING") || status.equals("QUEUED")) {
          drawProgress(api, name, stage.path("runId").asString());
        }
      }
      String status = pipeline.path("status").asString();
      if (!status.equals("QUEUED") && !status.equals("RUNNING")) {
        return pipeline;
      }
      Thread.sleep(1000);
    }
  }

  private static void drawProgress(ApiClient api, String stage, String runId) throws IOException, InterruptedException {
    JsonNode run = api.get("/api/v1/runs/" + runId).body();
    long step = run.path("progress").path("step").asLong();
    long total = Math.max(1, run.path("progress").path("totalSteps").asLong());
    JsonNode loss = run.path("summary").path("train/loss").path("last");
    int filled = (int) (BAR_WIDTH * Math.min(step, total) / total);
    System.out.printf("\r[%s%s] %-9s %5d/%d  loss %s", "#".repeat(filled), " ".repeat(BAR_WIDTH - filled), stage, step,
        total, loss.isNumber() ? String.format(Locale.ROOT, "%.4f", loss.asDouble()) : "  -   ");
    System.out.flush();
  }

  /** The final model and how many of each kind of ancestor and edge its upward lineage holds. */
  private static void printLineage(ApiClient api, String modelId) throws IOException, InterruptedException {
    JsonNode model = api.get("/api/v1/artifacts/" + modelId).body();
    System.out.println("final model " + modelId + "\n  " + model.path("uri").asString() + "\n  sha256 "
        + model.path("sha256").asString());
    JsonNode lineage = api.get("/api/v1/artifacts/" + modelId + "/lineage?direction=up&depth=20").body();
    Map<String, Integer> relations = new TreeMap<>();
    lineage.path("edges").forEach(edge -> relations.merge(edge.path("relation").asString(), 1, Integer::sum));
    Map<String, Integer> nodes = new TreeMap<>();
    lineage.path("nodes").forEach(node ->
        nodes.merge(node.path("type").asString() + " " + node.path("kind").asString(), 1, Integer::sum));
    System.out.println("  lineage up: " + nodes + "\n  edges: " + relations);
  }

  private static String resource(String path) throws IOException {
    try (InputStream in = Demo.class.getResourceAsStream(path)) {
      if (in == null) {
        throw new IOException(path + " is missing from the jar");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
