package dev.pedigree.api.webhook;

import jakarta.annotation.PreDestroy;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Delivers events to the configured webhook, one at a time and in order, off the caller's thread: a slow or dead
 * endpoint never holds up a ledger call. Each event is tried three times (1 s, then 4 s apart), then dropped with a
 * warning in the log.
 */
@Component
public class Webhooks {
  private static final Logger log = LoggerFactory.getLogger(Webhooks.class);
  private static final Duration[] BACKOFF = {Duration.ZERO, Duration.ofSeconds(1), Duration.ofSeconds(4)};

  private final WebhookProperties properties;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final ExecutorService sender = Executors.newSingleThreadExecutor(runnable -> {
    Thread thread = new Thread(runnable, "webhooks");
    thread.setDaemon(true);
    return thread;
  });

  Webhooks(WebhookProperties properties) {
    this.properties = properties;
  }

  boolean enabled() {
    return !properties.url().isBlank();
  }

  /** @param json the event, whose {@code event} field names its type */
  void send(String type, String json) {
    if (enabled()) {
      sender.execute(() -> deliver(type, json));
    }
  }

  private void deliver(String type, String json) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(properties.url()))
        .timeout(Duration.ofSeconds(10))
        .header("Content-Type", "application/json")
        .header("X-Pedigree-Event", type)
        .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8));
    if (!properties.secret().isEmpty()) {
      request.header("X-Pedigree-Signature", "sha256=" + signature(json));
    }
    for (Duration wait : BACKOFF) {
      try {
        Thread.sleep(wait.toMillis());
        int status = http.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        if (status / 100 == 2) {
          return;
        }
        log.warn("webhook {} answered {} to a {} event", properties.url(), status, type);
      } catch (IOException e) {
        log.warn("webhook {} unreachable for a {} event: {}", properties.url(), type, e.getMessage());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
    log.warn("webhook {}: gave up on a {} event after {} tries", properties.url(), type, BACKOFF.length);
  }

  private String signature(String json) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(properties.secret().getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return HexFormat.of().formatHex(mac.doFinal(json.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
    }
  }

  @PreDestroy
  void close() {
    sender.shutdown();
  }
}
