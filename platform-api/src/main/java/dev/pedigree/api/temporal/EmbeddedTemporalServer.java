package dev.pedigree.api.temporal;

import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.temporal.internal.testservice.GRPCServerHelper;
import io.temporal.internal.testservice.TestServicesStarter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * Temporal's Java test server serving real gRPC on 127.0.0.1 only (its own port-bound factory listens on every
 * interface). Its state lives in memory: the platform reconciles runs from Postgres after a restart. Its clock is
 * real: with the test server's time skipping on, a workflow that only waits (a pipeline at a gate) jumped to its
 * execution timeout at once and was gone.
 */
final class EmbeddedTemporalServer implements AutoCloseable {
  private final TestServicesStarter services;
  private final Server server;

  EmbeddedTemporalServer(int port) {
    services = new TestServicesStarter(true, 0);
    try {
      NettyServerBuilder builder =
          NettyServerBuilder.forAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
      GRPCServerHelper.registerServicesAndHealthChecks(services.getServices(), builder);
      server = builder.build().start();
    } catch (IOException e) {
      services.close();
      throw new UncheckedIOException("cannot bind the embedded Temporal server to 127.0.0.1:" + port
          + " (is another Pedigree running? set pedigree.temporal.embedded-port)", e);
    }
  }

  String target() {
    return "127.0.0.1:" + server.getPort();
  }

  @Override
  public void close() throws InterruptedException {
    server.shutdown();
    if (!server.awaitTermination(5, TimeUnit.SECONDS)) {
      server.shutdownNow();
    }
    services.close();
  }
}
