package dev.pedigree.api.bench;

import dev.pedigree.workers.bench.BenchOptions;
import dev.pedigree.workers.bench.MachineInfo;
import dev.pedigree.workers.bench.Stats;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.stream.Stream;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code pedigree bench dashboard [--runs 10000] [--points 1000000] [--samples 50]}: the embedded platform with that
 * many runs (seeded in SQL, each with metric summaries) and one run whose {@code train/loss} holds that many points
 * (sent through the ingest endpoint). Times the two calls behind the dashboard's first renders: the runs page's first
 * page with summaries, and the run chart's downsampled curve. Times are loopback round trips, response read: an upper
 * bound of server time. Then the compare page of 100 runs of 1,000 points each, whole and zoomed, the lineage of a
 * 5,001-node tree, and the page of a sweep of 200 finished trials, whose parameter importance each read computes.
 */
public final class DashboardBench {
  static final String CHART_KEY = "train/loss";
  private static final double RUNS_PAGE_TARGET_MS = 1000;
  private static final double CHART_TARGET_MS = 200;
  private static final int MAX_POINTS = 1000;
  private static final int PAGE_SIZE = 50;
  private static final int STEPS_PER_BATCH = 50_000;
  private static final int WARM_UP = 5;
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private static final String SEED_RUNS =
      """
      WITH project AS (
          INSERT INTO project (name) VALUES ('dashboard-bench')
          ON CONFLICT (name) DO UPDATE SET name = excluded.name RETURNING id
      )
      INSERT INTO run (id, project_id, name, kind, status, spec, total_steps, progress_step, created_at, started_at,
                       finished_at)
      SELECT gen_random_uuid(), project.id, 'dashboard-bench-' || i, 'pretrain',
             (ARRAY['SUCCEEDED', 'FAILED', 'CANCELLED'])[1 + i % 3],
             jsonb_build_object('training', jsonb_build_object('steps', 1000, 'seed', i)), 1000, 1000,
             now() - i * interval '1 minute', now() - i * interval '1 minute',
             now() - i * interval '1 minute' + interval '30 seconds'
      FROM project, generate_series(1, :runs) AS i
      """;
  private static final String SEED_KEYS =
      """
      INSERT INTO metric_key (run_id, name)
      SELECT r.id, k.name
      FROM run r CROSS JOIN unnest(ARRAY['train/loss', 'val/loss', 'lr', 'throughput/tokens_per_s']) AS k (name)
      WHERE r.name LIKE 'dashboard-bench-%'
      """;
  private static final String SEED_SUMMARIES =
      """
      INSERT INTO metric_summary (key_id, last_step, last_value, min_value, max_value, count)
      SELECT k.id, 1000, 1 + random(), 0.5 + random(), 5 + random(), 1000
      FROM metric_key k JOIN run r ON r.id = k.run_id
      WHERE r.name LIKE 'dashboard-bench-%'
      """;

  /**
   * A family tree: one dataset, then {@code generations} generations of {@code width} models; each model of the first
   * generation is pretrained on the dataset, each later one merged from two models of the generation before.
   */
  private static final String SEED_LINEAGE_ARTIFACTS =
      """
      INSERT INTO artifact (id, kind, name, uri, sha256, bytes, format)
      SELECT md5('lineage-bench/' || g || '/' || i)::uuid, CASE WHEN g = 0 THEN 'dataset' ELSE 'model' END,
             'lineage-' || g || '-' || i, 'bench://lineage/' || g || '/' || i,
             encode(sha256(('lineage-bench/' || g || '/' || i)::bytea), 'hex'), 0, 'bench'
      FROM generate_series(0, :generations) AS g, generate_series(0, :width - 1) AS i
      WHERE g > 0 OR i = 0
      """;
  private static final String SEED_LINEAGE_EDGES =
      """
      INSERT INTO lineage_edge (from_artifact_id, to_artifact_id, relation)
      SELECT md5('lineage-bench/0/0')::uuid, md5('lineage-bench/1/' || i)::uuid, 'pretrained_on'
      FROM generate_series(0, :width - 1) AS i
      UNION ALL
      SELECT md5('lineage-bench/' || (g - 1) || '/' || ((i + p * 7) % :width))::uuid,
             md5('lineage-bench/' || g || '/' || i)::uuid, 'merged_from'
      FROM generate_series(2, :generations) AS g, generate_series(0, :width - 1) AS i, generate_series(0, 1) AS p
      """;
  private static final int LINEAGE_GENERATIONS = 10;
  private static final int LINEAGE_WIDTH = 500;
  private static final double LINEAGE_TARGET_MS = 1000;

  private static final int COMPARED_RUNS = 100;
  private static final int COMPARED_STEPS = 1000;
  private static final double COMPARE_TARGET_MS = 1000;
  /** The steps a zoomed compare chart asks for: a fifth of each curve, every point of it. */
  private static final int ZOOM_FROM = 400;
  private static final int ZOOM_TO = 599;

  /** Fixed, since the id seeds the importance forest: every run of the bench fits the same one. */
  private static final UUID SWEEP = UUID.fromString("5eeded00-0000-4000-8000-0000000be9c4");
  private static final int SWEEP_TRIALS = 200;
  private static final double SWEEP_PAGE_TARGET_MS = 1000;

  private DashboardBench() {}

  public static int run(String[] args) throws Exception {
    BenchOptions options = BenchOptions.parse(args, Set.of("runs", "points", "samples"));
    int runs = options.positiveInt("runs", 10_000);
    int points = options.positiveInt("points", 1_000_000);
    int samples = options.positiveInt("samples", 50);
    System.out.printf(Locale.ROOT, "dashboard: %,d runs, one %s series of %,d points, %d timed calls each;"
            + " %d CPUs (%s); load average %s%n", runs, CHART_KEY, points, samples,
        Runtime.getRuntime().availableProcessors(), MachineInfo.cpuModel(), MachineInfo.loadAverage());

    try (BenchPlatform platform = BenchPlatform.start()) {
      Seeded seeded = seed(platform, runs, points);
      Timer timer = new Timer(platform.base());
      JsonNode page = timer.json("/api/v1/runs?page=0&size=" + PAGE_SIZE);
      String chart = "/api/v1/runs/" + seeded.chartRun() + "/metrics?key=" + CHART_KEY + "&maxPoints=" + MAX_POINTS;
      int plotted = timer.json(chart).path("series").get(0).path("points").size();
      System.out.printf(Locale.ROOT, "runs page: total %,d, %d items, first has %d summaries; chart: %,d points%n",
          page.path("total").asLong(), page.path("items").size(),
          page.path("items").get(0).path("summary").size(), plotted);
      if (page.path("total").asLong() != runs || plotted == 0 || plotted > MAX_POINTS) {
        System.out.println("RESULT dashboard FAIL: the responses do not hold what was seeded");
        return 1;
      }

      boolean pagePassed = timer.report("runs_page", "/api/v1/runs?page=0&size=" + PAGE_SIZE, samples,
          RUNS_PAGE_TARGET_MS);
      boolean chartPassed = timer.report("run_chart", chart, samples, CHART_TARGET_MS);
      // As the run page asks since it plots against time too: each kept point with its wall time.
      boolean timedChartPassed = timer.report("run_chart_times", chart + "&times=true", samples, CHART_TARGET_MS);
      boolean comparePassed = compare(seeded.compared(), timer, samples);
      boolean lineagePassed = lineage(seeded, timer, samples);
      boolean sweepPassed = sweepPage(platform, timer, samples);
      return pagePassed && chartPassed && timedChartPassed && comparePassed && lineagePassed && sweepPassed ? 0 : 1;
    }
  }

  /**
   * The ids of what {@link #seed} wrote.
   *
   * @param chartRun the run whose {@code train/loss} holds the long curve
   * @param compared the 100 newest seeded runs, each with a {@value #COMPARED_STEPS}-point {@code train/loss}
   * @param dataset the root of the lineage tree
   * @param youngestModel a model of the tree's last generation
   */
  public record Seeded(UUID chartRun, List<UUID> compared, UUID dataset, UUID youngestModel) {}

  /**
   * Fills {@code platform} with {@code runs} runs (seeded in SQL, with summaries), one run whose {@code train/loss} gets
   * {@code points} points through the ingest endpoint, a {@value #COMPARED_STEPS}-point curve for each of the 100
   * newest runs, and the lineage tree; then {@code ANALYZE}.
   */
  public static Seeded seed(BenchPlatform platform, int runs, int points) throws IOException, InterruptedException {
    long seeding = System.nanoTime();
    UUID chartRun = platform.createIdleRun("chart-bench");
    JdbcClient sql = JdbcClient.create(platform.dataSource());
    sql.sql(SEED_RUNS).param("runs", runs - 1).update();
    sql.sql(SEED_KEYS).update();
    sql.sql(SEED_SUMMARIES).update();
    System.out.printf(Locale.ROOT, "seeded %,d runs in %.1f s%n", runs, (System.nanoTime() - seeding) / 1e9);

    long ingesting = System.nanoTime();
    MetricBody body = new MetricBody(List.of(CHART_KEY), 1);
    for (long step = 0; step < points; step += STEPS_PER_BATCH) {
      platform.ingest(chartRun, body.render(step, (int) Math.min(STEPS_PER_BATCH, points - step)));
    }
    List<UUID> compared = sql.sql(
            "SELECT id FROM run WHERE name LIKE 'dashboard-bench-%' ORDER BY created_at DESC LIMIT :n")
        .param("n", COMPARED_RUNS)
        .query(UUID.class)
        .list();
    for (int i = 0; i < compared.size(); i++) {
      platform.ingest(compared.get(i), lossCurve(i));
    }
    sql.sql(SEED_LINEAGE_ARTIFACTS).param("generations", LINEAGE_GENERATIONS).param("width", LINEAGE_WIDTH).update();
    sql.sql(SEED_LINEAGE_EDGES).param("generations", LINEAGE_GENERATIONS).param("width", LINEAGE_WIDTH).update();
    sql.sql("ANALYZE").update();
    System.out.printf(Locale.ROOT, "ingested %,d + %d × %,d points in %.1f s; load average %s%n", points,
        compared.size(), COMPARED_STEPS, (System.nanoTime() - ingesting) / 1e9, MachineInfo.loadAverage());
    UUID dataset = sql.sql("SELECT md5('lineage-bench/0/0')::uuid").query(UUID.class).single();
    UUID youngest = sql.sql("SELECT md5('lineage-bench/" + LINEAGE_GENERATIONS + "/0')::uuid").query(UUID.class)
        .single();
    return new Seeded(chartRun, compared, dataset, youngest);
  }

  /**
   * A {@value #COMPARED_STEPS}-step {@code train/loss} curve as training draws one: an exponential decay to a floor that
   * differs per run, with small deterministic noise. (Values drawn at random over the whole range would make every
   * curve a full-height zigzag, which no loss curve is and which takes a software-rendering browser seconds to draw.)
   */
  private static byte[] lossCurve(int run) {
    StringBuilder json = new StringBuilder("{\"attempt\":1,\"series\":[{\"key\":\"" + CHART_KEY + "\",\"points\":[");
    SplittableRandom noise = new SplittableRandom(run);
    double floor = 1.5 + run * 0.01;
    for (int step = 0; step < COMPARED_STEPS; step++) {
      double value = floor + 4 * Math.exp(-step / 150.0) + 0.05 * (noise.nextDouble() - 0.5);
      json.append(step == 0 ? "[" : ",[").append(step).append(',').append(value).append(']');
    }
    return json.append("]}]}").toString().getBytes(StandardCharsets.US_ASCII);
  }

  /**
   * The compare page of 100 runs with a 1,000-point {@code train/loss} each: its one {@code GET /runs/compare}, timed
   * against the three calls per run (run, keys, curve) the page made before, sent one after another; then the same
   * request with the step range of a zoom.
   */
  private static boolean compare(List<UUID> ids, Timer timer, int samples) throws IOException, InterruptedException {
    String query = "?key=" + CHART_KEY + "&maxPoints=" + MAX_POINTS;
    String comparePath = "/api/v1/runs/compare" + query + "&ids="
        + String.join(",", ids.stream().map(UUID::toString).toList());
    JsonNode comparison = timer.json(comparePath);
    long fullCurves = comparison.path("series").valueStream()
        .filter(curve -> curve.path("points").size() == COMPARED_STEPS).count();
    if (comparison.path("runs").size() != ids.size() || fullCurves != ids.size()) {
      System.out.println("RESULT dashboard FAIL: the comparison does not hold every run's curve");
      return false;
    }
    List<String> perRun = ids.stream().flatMap(id -> Stream.of("/api/v1/runs/" + id,
        "/api/v1/runs/" + id + "/metrics/keys", "/api/v1/runs/" + id + "/metrics" + query)).toList();
    String zoomPath = comparePath + "&fromStep=" + ZOOM_FROM + "&toStep=" + ZOOM_TO;
    long zoomedCurves = timer.json(zoomPath).path("series").valueStream()
        .filter(curve -> curve.path("points").size() == ZOOM_TO - ZOOM_FROM + 1).count();
    if (zoomedCurves != ids.size()) {
      System.out.println("RESULT dashboard FAIL: the zoomed comparison does not hold every run's steps of the range");
      return false;
    }
    boolean passed = timer.report("compare_100_runs", comparePath, samples, COMPARE_TARGET_MS);
    timer.reportSequence("compare_100_runs_as_300_calls", perRun, Math.max(3, samples / 10));
    return timer.report("compare_100_runs_zoom", zoomPath, samples, COMPARE_TARGET_MS) && passed;
  }

  /** "Which models descend from dataset X" and "everything model Y came from", each one call, on a 5,001-node tree. */
  private static boolean lineage(Seeded seeded, Timer timer, int samples) throws IOException, InterruptedException {
    UUID dataset = seeded.dataset();
    UUID youngest = seeded.youngestModel();
    String down = "/api/v1/artifacts/" + dataset + "/lineage?direction=down&depth=" + (LINEAGE_GENERATIONS + 1);
    String up = "/api/v1/artifacts/" + youngest + "/lineage?direction=up&depth=" + (LINEAGE_GENERATIONS + 1);
    int descendants = timer.json(down).path("nodes").size();
    int ancestors = timer.json(up).path("nodes").size();
    System.out.printf(Locale.ROOT, "lineage: %,d nodes below the dataset, %,d above the youngest model%n",
        descendants, ancestors);
    if (descendants < LINEAGE_GENERATIONS * LINEAGE_WIDTH) {
      System.out.println("RESULT dashboard FAIL: the downward lineage misses seeded descendants");
      return false;
    }
    return timer.report("lineage_down", down, samples, LINEAGE_TARGET_MS)
        & timer.report("lineage_up", up, samples, LINEAGE_TARGET_MS);
  }

  /**
   * The sweep page's one call for a sweep of {@value #SWEEP_TRIALS} finished trials over 3 parameters, seeded after the
   * other cases so that their runs stay as they were; its trials' val/loss is {@link FinishedSweep#valLoss}.
   */
  private static boolean sweepPage(BenchPlatform platform, Timer timer, int samples)
      throws IOException, InterruptedException {
    JdbcClient sql = JdbcClient.create(platform.dataSource());
    FinishedSweep.insert(sql, SWEEP, SWEEP_TRIALS);
    for (JsonNode trial : platform.get("/api/v1/sweeps/" + SWEEP).path("trials")) {
      platform.ingest(FinishedSweep.insertRun(sql, SWEEP, trial),
          FinishedSweep.valLossBatch(trial.path("params")).getBytes(StandardCharsets.UTF_8));
    }
    sql.sql("ANALYZE run").update();
    String path = "/api/v1/sweeps/" + SWEEP;
    JsonNode sweep = timer.json(path);
    JsonNode top = sweep.path("importance").path(0);
    System.out.printf(Locale.ROOT, "sweep: %d of %d trials succeeded; most important %s (%.2f)%n",
        sweep.path("counts").path("succeeded").asInt(), SWEEP_TRIALS, top.path("parameter").asString(),
        top.path("importance").asDouble());
    if (sweep.path("counts").path("succeeded").asInt() != SWEEP_TRIALS || sweep.path("importance").size() != 3) {
      System.out.println("RESULT dashboard FAIL: the sweep page does not hold every trial and parameter");
      return false;
    }
    return timer.report("sweep_page", path, samples, SWEEP_PAGE_TARGET_MS);
  }

  /** Sequential GETs, one at a time, as one browser tab makes them. */
  private static final class Timer {
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final URI base;

    Timer(URI base) {
      this.base = base;
    }

    JsonNode json(String path) throws IOException, InterruptedException {
      return JSON.readTree(get(path).body());
    }

    boolean report(String name, String path, int samples, double targetMillis)
        throws IOException, InterruptedException {
      for (int i = 0; i < WARM_UP; i++) {
        get(path);
      }
      double[] millis = new double[samples];
      long bytes = 0;
      for (int i = 0; i < samples; i++) {
        long started = System.nanoTime();
        bytes = get(path).body().length();
        millis[i] = (System.nanoTime() - started) / 1e6;
      }
      double p99 = Stats.percentile(millis, 99);
      boolean passed = p99 < targetMillis;
      System.out.printf(Locale.ROOT,
          "RESULT dashboard %s p50_ms=%.1f p99_ms=%.1f max_ms=%.1f samples=%d response_bytes=%d target_ms=%.0f %s%n",
          name, Stats.median(millis), p99, Stats.percentile(millis, 100), samples, bytes, targetMillis,
          passed ? "PASS" : "FAIL");
      return passed;
    }

    /** The time of all {@code paths} sent one after another, for reference (no target). */
    void reportSequence(String name, List<String> paths, int samples) throws IOException, InterruptedException {
      double[] millis = new double[samples];
      for (int i = 0; i < samples; i++) {
        long started = System.nanoTime();
        for (String path : paths) {
          get(path);
        }
        millis[i] = (System.nanoTime() - started) / 1e6;
      }
      System.out.printf(Locale.ROOT, "RESULT dashboard %s calls=%d p50_ms=%.1f max_ms=%.1f samples=%d%n", name,
          paths.size(), Stats.median(millis), Stats.percentile(millis, 100), samples);
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
      HttpResponse<String> response = http.send(
          HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(60)).GET().build(),
          HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        throw new IllegalStateException("GET " + path + " answered " + response.statusCode() + ": " + response.body());
      }
      return response;
    }
  }
}
