package dev.pedigree.api.webhook;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/** A webhook endpoint on loopback that keeps what it was sent; it answers 500 to its first {@code failures} requests. */
public final class Receiver implements AutoCloseable {
  /** @param signature the X-Pedigree-Signature header, or null */
  public record Delivery(String event, String signature, String body) {}

  private final HttpServer server;
  private final Queue<Delivery> deliveries = new ConcurrentLinkedQueue<>();
  private final AtomicInteger requests = new AtomicInteger();

  private Receiver(int failures) {
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext("/hook", exchange -> {
      String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      boolean fail = requests.incrementAndGet() <= failures;
      if (!fail) {
        deliveries.add(new Delivery(exchange.getRequestHeaders().getFirst("X-Pedigree-Event"),
            exchange.getRequestHeaders().getFirst("X-Pedigree-Signature"), body));
      }
      exchange.sendResponseHeaders(fail ? 500 : 204, -1);
      exchange.close();
    });
    server.start();
  }

  public static Receiver start(int failures) {
    return new Receiver(failures);
  }

  public String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
  }

  public List<Delivery> deliveries() {
    return List.copyOf(deliveries);
  }

  public int requests() {
    return requests.get();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
