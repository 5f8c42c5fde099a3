package dev.pedigree.api.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.Callable;

/**
 * One training worker's metric stream into one run until the deadline: batches of consecutive steps over several keys,
 * sent one after the other. A batch that fails (I/O error, 5xx) is sent again, as a worker would; ingest is idempotent.
 */
final class SimulatedWorker implements Callable<SimulatedWorker.Report> {
  private static final int ATTEMPTS = 5;

  private final URI endpoint;
  private final String token;
  private final MetricBody body;
  private final int stepsPerBatch;
  private final long deadlineNanos;
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  SimulatedWorker(URI base, UUID run, String token, MetricBody body, int stepsPerBatch, long deadlineNanos) {
    this.endpoint = base.resolve("/api/v1/runs/" + run + "/metrics");
    this.token = token;
    this.body = body;
    this.stepsPerBatch = stepsPerBatch;
    this.deadlineNanos = deadlineNanos;
  }

  @Override
  public Report call() throws InterruptedException {
    Report report = new Report();
    long step = 1;
    while (System.nanoTime() < deadlineNanos) {
      byte[] batch = body.render(step, stepsPerBatch);
      long started = System.nanoTime();
      if (send(batch, report)) {
        long acked = System.nanoTime();
        report.acknowledge(started, acked, stepsPerBatch, (long) stepsPerBatch * body.keys());
      } else {
        report.failedBatches++;
      }
      step += stepsPerBatch;
    }
    return report;
  }

  private boolean send(byte[] batch, Report report) throws InterruptedException {
    HttpRequest request = HttpRequest.newBuilder(endpoint)
        .header("Authorization", "Bearer " + token)
        .header("Content-Type", "application/json")
        .timeout(Duration.ofSeconds(60))
        .POST(HttpRequest.BodyPublishers.ofByteArray(batch))
        .build();
    for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
      try {
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() == 200) {
          return true;
        }
        report.lastError = response.statusCode() + " " + response.body();
        if (response.statusCode() < 500) {
          return false;
        }
      } catch (IOException e) {
        report.lastError = e.toString();
      }
      report.retries++;
    }
    return false;
  }

  /** What one worker saw. {@code ackedSteps} per key: the steps of every acknowledged batch. */
  static final class Report {
    final LongList latencyNanos = new LongList();
    final LongList ackNanos = new LongList();
    final LongList ackPoints = new LongList();
    long ackedSteps;
    long ackedPoints;
    long failedBatches;
    long retries;
    String lastError;

    private void acknowledge(long started, long acked, long steps, long points) {
      latencyNanos.add(acked - started);
      ackNanos.add(acked);
      ackPoints.add(points);
      ackedSteps += steps;
      ackedPoints += points;
    }
  }
}
