package dev.pedigree.api;

import dev.pedigree.migrations.testing.TestDatabase;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Path;

/**
 * A Postgres server of one test's own, which the test stops and starts again on the same data directory and port, as
 * an operator restarting the database would. (The shared test server cannot be stopped under other tests.)
 */
final class RestartablePostgres implements AutoCloseable {
  private final Path dataDirectory;
  private final int port = ProductionShape.freePort();
  private EmbeddedPostgres server;

  RestartablePostgres(Path dataDirectory) throws IOException {
    this.dataDirectory = dataDirectory;
    start();
  }

  /** The server's own {@code postgres} database. */
  TestDatabase database() {
    return new TestDatabase("postgres", server.getJdbcUrl("postgres", "postgres"), "postgres", null,
        server.getPostgresDatabase());
  }

  void start() throws IOException {
    server = EmbeddedPostgres.builder()
        .setDataDirectory(dataDirectory)
        .setCleanDataDirectory(false)
        .setPort(port)
        .setServerConfig("fsync", "off")
        .start();
  }

  /** A fast shutdown: open transactions are rolled back and every connection is closed. */
  void stop() throws IOException {
    server.close();
  }

  @Override
  public void close() throws IOException {
    stop();
  }
}
