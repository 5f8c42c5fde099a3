package dev.pedigree.api;

import dev.pedigree.migrations.testing.TestDatabase;
import dev.pedigree.migrations.testing.TestPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * One platform under test: its own database (from the shared Postgres extension, which logs its backend), its own
 * home for artifacts and logs, Temporal's test server on a free loopback port, and known tokens. Each Spring context
 * needs its own: a platform reconciles every unfinished run it finds in its database.
 */
public record TestPlatform(Path home, TestDatabase database) {

  public static TestPlatform create(String name) {
    return create(name, TestPostgres.newEmptyDatabase(name));
  }

  /** A platform on a database of the caller's choosing, e.g. on a server the test stops and starts. */
  public static TestPlatform create(String name, TestDatabase database) {
    try {
      Path home = Files.createTempDirectory("pedigree-" + name + "-");
      // Logging is set up once per JVM, before test properties apply: keep test logs out of the user's ~/.pedigree.
      if (System.getProperty("logging.file.name") == null) {
        System.setProperty("logging.file.name", home.resolve("logs/pedigree.log").toString());
      }
      return new TestPlatform(home, database);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public void register(DynamicPropertyRegistry registry) {
    properties(0).forEach((name, value) -> registry.add(name, () -> value));
  }

  /** The same settings as command-line arguments, for a platform started as a process of its own. */
  public List<String> arguments(int temporalPort) {
    return properties(temporalPort).entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toList();
  }

  private Map<String, String> properties(int temporalPort) {
    return Map.of(
        "pedigree.home", home.toString(),
        "pedigree.db.url", database.jdbcUrl(),
        "pedigree.db.user", database.user(),
        "pedigree.db.password", database.password() == null ? "" : database.password(),
        "pedigree.temporal.embedded-port", String.valueOf(temporalPort),
        "pedigree.admin-token", Http.ADMIN,
        "pedigree.worker-token", Http.WORKER,
        "pedigree.runs.heartbeat-timeout", "5s",
        "pedigree.sweeps.early-stopping-check", "1s");
  }
}
