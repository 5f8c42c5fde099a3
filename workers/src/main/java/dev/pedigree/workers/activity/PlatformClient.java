package dev.pedigree.workers.activity;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The worker's only way to the platform: HTTP with a worker token. Calls retry with backoff until a deadline, so an
 * API restart costs time, never data; ingest is idempotent on the server, so a retried batch cannot duplicate points.
 */
public final class PlatformClient {
  private static final Logger log = LoggerFactory.getLogger(PlatformClient.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final URI apiUrl;
  private final String token;
  private final Duration patience;

  public PlatformClient(URI apiUrl, String token, Duration patience) {
    this.apiUrl = apiUrl;
    this.token = token;
    this.patience = patience;
  }

  /**
   * @param heldSeconds how long the attempt held its device before this report
   * @return the device seconds the run spent before this attempt, as the platform answers
   */
  public double reportAttempt(UUID runId, int attempt, long fromStep, String worker, String device,
      double heldSeconds) {
    String answer = post(runId, "attempts", Map.of("attempt", attempt, "fromStep", fromStep, "worker", worker,
        "device", device, "heldSeconds", heldSeconds));
    try {
      return answer.isBlank() ? 0 : JSON.readTree(answer).path("priorDeviceSeconds").asDouble(0);
    } catch (IOException e) {
      throw new IllegalStateException("the platform answered an attempt report with " + answer, e);
    }
  }

  public void registerArtifact(UUID runId, ArtifactRegistration artifact) {
    post(runId, "artifacts", artifact);
  }

  void sendMetrics(UUID runId, Object batch) {
    post(runId, "metrics", batch);
  }

  public void reportSampleLosses(UUID runId, int attempt, List<SampleLoss> samples) {
    post(runId, "samples", Map.of("attempt", attempt, "samples", samples));
  }

  /** @return the response body */
  private String post(UUID runId, String resource, Object body) {
    byte[] json;
    try {
      json = JSON.writeValueAsBytes(body);
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot encode " + resource, e);
    }
    HttpRequest request =
        HttpRequest.newBuilder(apiUrl.resolve("/api/v1/runs/" + runId + "/" + resource))
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", "application/json")
            .header("Authorization", "Bearer " + token)
            .POST(HttpRequest.BodyPublishers.ofByteArray(json))
            .build();
    Instant deadline = Instant.now().plus(patience);
    Duration backoff = Duration.ofMillis(200);
    while (true) {
      String problem;
      try {
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        int status = response.statusCode();
        if (status / 100 == 2) {
          return response.body();
        }
        if (status / 100 == 4 && status != 408 && status != 429) {
          throw new PlatformRejectedException(resource, status, response.body());
        }
        problem = "HTTP " + status;
      } catch (IOException e) {
        problem = e.toString();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while sending " + resource, e);
      }
      if (Instant.now().plus(backoff).isAfter(deadline)) {
        throw new IllegalStateException("platform unreachable for " + patience + " sending " + resource + ": " + problem);
      }
      log.warn("sending {} for run {} failed ({}); retrying in {} ms", resource, runId, problem, backoff.toMillis());
      sleep(backoff);
      backoff = backoff.multipliedBy(2).compareTo(Duration.ofSeconds(5)) > 0 ? Duration.ofSeconds(5) : backoff.multipliedBy(2);
    }
  }

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  /** The platform refused a request as invalid: retrying would not help. */
  public static final class PlatformRejectedException extends RuntimeException {
    PlatformRejectedException(String resource, int status, String body) {
      super("platform rejected " + resource + " with HTTP " + status + ": " + body);
    }
  }
}
