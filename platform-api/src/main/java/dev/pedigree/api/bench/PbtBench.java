package dev.pedigree.api.bench;

import dev.pedigree.workers.bench.BenchOptions;
import dev.pedigree.workers.bench.PbtReport;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import tools.jackson.databind.JsonNode;

/**
 * {@code pedigree bench pbt [--seeds 8] [--interval 100]}: does population-based training find a better run than
 * random search at the same budget? Per seed, three sweeps through the embedded platform with its compute worker, each
 * training 16 · interval steps of one tiny GPT on G-text, the learning rate the only parameter: a pbt sweep (4
 * members × 4 generations of {@code interval} steps), a random sweep (4 trials of 4 · interval steps) over the same
 * range, and a grid of 4 fixed rates (4 · interval steps each). Writes docs/results/pbt.md.
 */
public final class PbtBench {
  static final int POPULATION = 4;
  static final int GENERATIONS = 4;
  static final double MIN_RATE = 1e-4;
  static final double MAX_RATE = 3e-2;
  /** Evenly spaced on the log axis from {@link #MIN_RATE} to {@link #MAX_RATE}. */
  static final List<Double> GRID = List.of(1e-4, 6.69e-4, 4.48e-3, 3e-2);
  static final String MODEL = "{\"layers\": 2, \"dModel\": 32, \"heads\": 2, \"contextLength\": 32}";
  static final String DATA = "{\"generator\": \"g-text\", \"documents\": 1000, \"seed\": 7}";
  static final int BATCH = 16;
  private static final Duration SWEEP_TIMEOUT = Duration.ofMinutes(30);
  private static final String RATE = "training.learningRate";

  private PbtBench() {}

  public static int run(String[] args) throws Exception {
    BenchOptions options = BenchOptions.parse(args, Set.of("seeds", "interval", "out"));
    int seeds = options.positiveInt("seeds", 8);
    int interval = options.positiveInt("interval", 100);
    Path out = Path.of(options.text("out").orElse("docs/results/pbt.md"));
    long started = System.nanoTime();
    List<PbtReport.Seed> results = new ArrayList<>();
    try (BenchPlatform platform = BenchPlatform.startWithWorker()) {
      for (int seed = 1; seed <= seeds; seed++) {
        results.add(seed(platform, seed, interval));
      }
    }
    double minutes = (System.nanoTime() - started) / 60e9;
    PbtReport report = new PbtReport(args, new PbtReport.Setup(POPULATION, GENERATIONS, interval, MIN_RATE, MAX_RATE,
        GRID, MODEL, DATA, BATCH), minutes);
    report.write(out, results);
    System.out.print(report.summary(results));
    return 0;
  }

  private static PbtReport.Seed seed(BenchPlatform platform, int seed, int interval) throws Exception {
    int steps = interval * GENERATIONS;
    // Sweeps draw with java.util.Random(seed), whose first draw barely moves between adjacent seeds (1, 2, 3 … all
    // start near 6.5e-3 on this range); seeds far apart draw independently.
    long sweepSeed = seed * 1_000_003L;
    String range = String.format(Locale.ROOT, "{\"min\": %s, \"max\": %s, \"scale\": \"log\"}", MIN_RATE, MAX_RATE);
    JsonNode pbt = sweep(platform, seed, interval, null, "pbt", range, String.format(Locale.ROOT,
        "\"seed\": %d, \"pbt\": {\"population\": %d, \"interval\": %d, \"generations\": %d},", sweepSeed, POPULATION,
        interval, GENERATIONS));
    JsonNode random = sweep(platform, seed, interval, steps, "random", range,
        "\"seed\": " + sweepSeed + ", \"trials\": " + POPULATION + ",");
    JsonNode grid = sweep(platform, seed, interval, steps, "grid", "{\"values\": " + GRID + "}", "");
    List<JsonNode> trials = pbt.path("trials").valueStream().toList();
    int exploits = (int) trials.stream().filter(trial -> trial.path("pbt").path("exploited").asBoolean()).count();
    List<Double> started = trials.subList(0, POPULATION).stream()
        .map(trial -> trial.path("params").path(RATE).asDouble()).toList();
    List<PbtReport.Trial> randomTrials = trials(random);
    boolean sameStart = started.equals(randomTrials.stream().map(PbtReport.Trial::learningRate).toList());
    return new PbtReport.Seed(seed, lineage(trials, pbt.path("best").path("trial").asInt()), exploits, sameStart,
        randomTrials, trials(grid));
  }

  /** The sweep's trials, each its rate and objective, in trial order. */
  private static List<PbtReport.Trial> trials(JsonNode sweep) {
    return sweep.path("trials").valueStream()
        .map(trial ->
            new PbtReport.Trial(trial.path("params").path(RATE).asDouble(), trial.path("objective").asDouble()))
        .toList();
  }

  /** The winner's generations, the first first: each the trial it continued, back through every parent. */
  private static List<PbtReport.Generation> lineage(List<JsonNode> trials, int winner) {
    List<PbtReport.Generation> path = new ArrayList<>();
    for (int number = winner; number > 0; ) {
      JsonNode trial = trials.get(number - 1);
      JsonNode member = trial.path("pbt");
      path.add(0, new PbtReport.Generation(member.path("generation").asInt(), member.path("member").asInt(),
          trial.path("params").path(RATE).asDouble(), trial.path("objective").asDouble(),
          member.path("exploited").asBoolean()));
      number = member.path("generation").asInt() == 0 ? 0 : member.path("parentTrial").asInt();
    }
    return path;
  }

  /** Submits one sweep and waits until it has ended; its JSON as {@code GET /sweeps/{id}} answers. */
  private static JsonNode sweep(BenchPlatform platform, int seed, int interval, Integer steps, String method,
      String domain, String methodSettings) throws Exception {
    String body = String.format(Locale.ROOT, """
        {"name": "pbt-bench-%s-%d", "kind": "pretrain", "method": "%s", "parallelism": %d, %s
         "parameters": {"%s": %s},
         "objective": {"metric": "val/loss", "goal": "minimize"},
         "spec": {"model": %s, "data": %s, "device": "cpu",
           "training": {%s"batchSize": %d, "evalEvery": %d, "checkpointEvery": %d, "seed": %d}}}
        """, method, seed, method, POPULATION, methodSettings, RATE, domain, MODEL, DATA,
        steps == null ? "" : "\"steps\": " + steps + ", ", BATCH, interval, steps == null ? interval : steps, seed);
    UUID id = platform.submitSweep(body);
    long deadline = System.nanoTime() + SWEEP_TIMEOUT.toNanos();
    while (true) {
      JsonNode sweep = platform.get("/api/v1/sweeps/" + id);
      String status = sweep.path("status").asString();
      if (status.equals("SUCCEEDED")) {
        System.out.printf(Locale.ROOT, "seed %d: %s sweep ended, best val/loss %.4f%n", seed, method,
            sweep.path("best").path("objective").asDouble());
        return sweep;
      }
      if (status.equals("FAILED") || status.equals("CANCELLED") || System.nanoTime() > deadline) {
        throw new IllegalStateException(method + " sweep " + id + " ended " + status + ": " + sweep);
      }
      Thread.sleep(500);
    }
  }
}
