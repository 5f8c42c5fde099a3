package dev.pedigree.api;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Sends the fuzz tests' hostile requests as they are, and gets their answers. */
final class FuzzClient {
  private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();
  private final int port;
  /** Requests sent once more after their connection closed before any answer; see {@link #send}. */
  private int resent;
  /** The request sent before, whose connection the next one may reuse. */
  private String lastSent;

  FuzzClient(int port) {
    this.port = port;
  }

  /** @param error why no answer came, or null */
  record Outcome(int status, String contentType, String body, String error) {}

  int resent() {
    return resent;
  }

  /**
   * The answer to the request, sent once more if its (reused) connection closed before any answer: about once in
   * 50,000 requests the JDK client sends a request on a connection the server is closing. The one case printed so far
   * followed a metrics POST of over 32 MiB, which the server refused with a 413 and {@code Connection: close} before
   * reading its body (RequestLimitsTest checks that header). A server that cannot answer fails the second try too.
   */
  Outcome send(HostileRequest request) {
    Outcome outcome = sendOnce(request);
    String previous = lastSent;
    lastSent = request.describe();
    if (outcome.error() == null) {
      return outcome;
    }
    resent++;
    System.out.println("fuzz: resent " + request.describe() + " (" + outcome.error() + "); the request before it: "
        + previous);
    return sendOnce(request);
  }

  private Outcome sendOnce(HostileRequest request) {
    HttpRequest.BodyPublisher body = request.body() == null ? HttpRequest.BodyPublishers.noBody()
        : request.chunked() ? HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(request.body()))
        : HttpRequest.BodyPublishers.ofByteArray(request.body());
    HttpRequest.Builder http = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + request.path()))
        .timeout(Duration.ofSeconds(30))
        .method(request.method(), body);
    if (request.contentType() != null) {
      http.header("Content-Type", request.contentType());
    }
    if (request.accept() != null) {
      http.header("Accept", request.accept());
    }
    if (request.authorization() != null) {
      http.header("Authorization", request.authorization());
    }
    try {
      HttpResponse<String> response = client.send(http.build(), HttpResponse.BodyHandlers.ofString());
      return new Outcome(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""),
          response.body(), null);
    } catch (IOException e) {
      return new Outcome(-1, "", "", e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
