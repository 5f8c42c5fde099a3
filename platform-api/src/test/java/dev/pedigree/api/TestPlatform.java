package dev.pedigree.api;

import dev.pedigree.migrations.testing.TestDatabase;
import dev.pedigree.migrations.testing.TestPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * One platform under test: its own database (from the shared Postgres extension, which logs its backend), its own
 * home for artifacts and logs, Temporal's test server on a free loopback port, and known tokens. Each Spring context
 * needs its own: a platform reconciles every unfinished run it finds in its database.
 */
public record TestPlatform(Path home, TestDatabase database) {

  public static TestPlatform create(String name) {
    try {
      return new TestPlatform(Files.createTempDirectory("pedigree-" + name + "-"), TestPostgres.newEmptyDatabase(name));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public void register(DynamicPropertyRegistry registry) {
    registry.add("pedigree.home", home::toString);
    registry.add("pedigree.db.url", database::jdbcUrl);
    registry.add("pedigree.db.user", database::user);
    registry.add("pedigree.db.password", () -> database.password() == null ? "" : database.password());
    registry.add("pedigree.temporal.embedded-port", () -> 0);
    registry.add("pedigree.admin-token", () -> Http.ADMIN);
    registry.add("pedigree.worker-token", () -> Http.WORKER);
    registry.add("pedigree.runs.heartbeat-timeout", () -> "5s");
  }
}
