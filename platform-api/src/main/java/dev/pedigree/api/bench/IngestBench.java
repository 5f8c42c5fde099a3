package dev.pedigree.api.bench;

import dev.pedigree.workers.bench.BenchOptions;
import dev.pedigree.workers.bench.MachineInfo;
import dev.pedigree.workers.bench.Stats;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * {@code pedigree bench ingest [--seconds 60] [--runs 8] [--batch 5000]}: the embedded platform in this JVM, one run
 * per simulated worker, and every worker streaming batches of metric points into its run over HTTP for the given time.
 * Reports the sustained rate, batch latencies, and what the database holds against what was acknowledged.
 */
public final class IngestBench {
  static final List<String> KEYS =
      List.of("train/loss", "train/lr", "train/grad_norm", "train/tokens_per_s", "sys/rss");
  private static final long TARGET_POINTS_PER_SECOND = 250_000;
  private static final int RATE_WINDOW_SECONDS = 10;

  private IngestBench() {}

  public static int run(String[] args) throws Exception {
    BenchOptions options = BenchOptions.parse(args, Set.of("seconds", "runs", "batch"));
    int seconds = options.positiveInt("seconds", 60);
    int runs = options.positiveInt("runs", 8);
    int batchPoints = options.positiveInt("batch", 5000);
    int stepsPerBatch = Math.max(1, batchPoints / KEYS.size());
    System.out.printf(Locale.ROOT,
        "ingest: %d workers, %d s, batches of %d points (%d steps x %d keys); %d CPUs (%s); load average %s%n",
        runs, seconds, stepsPerBatch * KEYS.size(), stepsPerBatch, KEYS.size(),
        Runtime.getRuntime().availableProcessors(), MachineInfo.cpuModel(), MachineInfo.loadAverage());

    try (BenchPlatform platform = BenchPlatform.start()) {
      List<UUID> ids = new ArrayList<>();
      for (int i = 0; i < runs; i++) {
        ids.add(platform.createIdleRun("ingest-bench-" + i));
      }
      System.out.println("platform up at " + platform.base() + "; " + runs + " runs created; streaming...");

      long started = System.nanoTime();
      long deadline = started + seconds * 1_000_000_000L;
      Map<UUID, SimulatedWorker.Report> reports = new LinkedHashMap<>();
      ExecutorService pool = Executors.newFixedThreadPool(runs);
      try {
        Map<UUID, Future<SimulatedWorker.Report>> futures = new LinkedHashMap<>();
        for (int i = 0; i < runs; i++) {
          UUID id = ids.get(i);
          futures.put(id, pool.submit(new SimulatedWorker(platform.base(), id, platform.workerToken(),
              new MetricBody(KEYS, i), stepsPerBatch, deadline)));
        }
        for (Map.Entry<UUID, Future<SimulatedWorker.Report>> future : futures.entrySet()) {
          reports.put(future.getKey(), future.getValue().get());
        }
      } finally {
        pool.shutdownNow();
      }
      long ended = System.nanoTime();

      Map<UUID, Long> ackedSteps = new LinkedHashMap<>();
      reports.forEach((id, report) -> ackedSteps.put(id, report.ackedSteps));
      System.out.println("load average at the end: " + MachineInfo.loadAverage());
      StoredPoints.Verification verification = StoredPoints.verify(platform.dataSource(), ackedSteps, KEYS);
      return report(reports.values(), started, ended, verification);
    }
  }

  private static int report(Iterable<SimulatedWorker.Report> reports, long started, long ended,
      StoredPoints.Verification stored) {
    long points = 0;
    long batches = 0;
    long failed = 0;
    long retries = 0;
    String lastError = null;
    List<Long> latencies = new ArrayList<>();
    // Whole windows; the last takes in the few batches acknowledged after the deadline.
    int windows = Math.max(1, (int) ((ended - started) / 1e9 / RATE_WINDOW_SECONDS));
    long[] windowPoints = new long[windows];
    for (SimulatedWorker.Report report : reports) {
      points += report.ackedPoints;
      batches += report.latencyNanos.size();
      failed += report.failedBatches;
      retries += report.retries;
      lastError = report.lastError == null ? lastError : report.lastError;
      for (int i = 0; i < report.latencyNanos.size(); i++) {
        latencies.add(report.latencyNanos.get(i));
        int window = (int) ((report.ackNanos.get(i) - started) / 1_000_000_000L / RATE_WINDOW_SECONDS);
        windowPoints[Math.min(window, windowPoints.length - 1)] += report.ackPoints.get(i);
      }
    }
    double elapsed = (ended - started) / 1e9;
    double rate = points / elapsed;
    double[] latencyMillis = latencies.stream().mapToDouble(nanos -> nanos / 1e6).toArray();

    System.out.printf(Locale.ROOT, "points/s per %d s window:", RATE_WINDOW_SECONDS);
    for (int w = 0; w < windowPoints.length; w++) {
      double length = w < windowPoints.length - 1 ? RATE_WINDOW_SECONDS : elapsed - w * RATE_WINDOW_SECONDS;
      System.out.printf(Locale.ROOT, " %,.0f", windowPoints[w] / length);
    }
    System.out.println();
    if (lastError != null) {
      System.out.println("last error seen by a worker: " + lastError);
    }
    boolean passed = rate >= TARGET_POINTS_PER_SECOND && stored.lost() == 0 && stored.duplicated() == 0
        && failed == 0 && stored.summaryMismatches() == 0;
    System.out.printf(Locale.ROOT,
        "RESULT ingest seconds=%.1f points=%d batches=%d points_per_s=%.0f p50_ms=%.1f p99_ms=%.1f max_ms=%.1f"
            + " failed_batches=%d retries=%d stored=%d lost=%d duplicated=%d unacknowledged=%d summary_mismatches=%d"
            + " target=%d %s%n",
        elapsed, points, batches, rate, latencyMillis.length == 0 ? 0 : Stats.median(latencyMillis),
        latencyMillis.length == 0 ? 0 : Stats.percentile(latencyMillis, 99),
        latencyMillis.length == 0 ? 0 : Stats.percentile(latencyMillis, 100), failed, retries, stored.stored(),
        stored.lost(), stored.duplicated(), stored.unacknowledged(), stored.summaryMismatches(),
        TARGET_POINTS_PER_SECOND, passed ? "PASS" : "FAIL");
    return passed ? 0 : 1;
  }
}
