package dev.pedigree.migrations.testing;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.postgresql.ds.PGSimpleDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place that decides which Postgres the tests of this JVM use, started once and shared:
 * <ol>
 *   <li>{@code PEDIGREE_TEST_JDBC_URL} (system property or environment variable, with {@code _USER} and
 *       {@code _PASSWORD}): an existing server whose user may create databases;
 *   <li>else, when a Docker engine answers, a Testcontainers {@code postgres:17-alpine};
 *   <li>else embedded Postgres.
 * </ol>
 * Every caller gets a database of its own, so tests never see each other's rows.
 */
public final class TestPostgres {
  public static final String URL_SETTING = "PEDIGREE_TEST_JDBC_URL";

  private static final Logger log = LoggerFactory.getLogger(TestPostgres.class);
  private static final String MIGRATIONS = "classpath:db/migration";
  private static final Pattern JDBC_URL = Pattern.compile("(jdbc:postgresql://[^/?]*)(/[^?]*)?(\\?.*)?");

  private static Server server;

  private TestPostgres() {}

  /** A new database migrated to the latest schema. */
  public static TestDatabase newDatabase(String nameHint) {
    TestDatabase database = newEmptyDatabase(nameHint);
    Flyway.configure().dataSource(database.dataSource()).locations(MIGRATIONS).load().migrate();
    return database;
  }

  /** A new database with no schema at all. */
  public static TestDatabase newEmptyDatabase(String nameHint) {
    Server shared = server();
    String name = uniqueName(nameHint);
    execute(shared.maintenance(), "CREATE DATABASE " + name);
    String url = withDatabase(shared.url(), name);
    return new TestDatabase(name, url, shared.user(), shared.password(), shared.dataSource(url));
  }

  /** Drops the database, closing any connection a test left open to it. */
  public static void drop(TestDatabase database) {
    execute(server().maintenance(), "DROP DATABASE IF EXISTS " + database.name() + " WITH (FORCE)");
  }

  /** What backs the tests, in words: {@code embedded}, {@code testcontainers} or {@code PEDIGREE_TEST_JDBC_URL}. */
  public static String backend() {
    return server().backend();
  }

  private static synchronized Server server() {
    if (server == null) {
      long started = System.nanoTime();
      server = start();
      log.info("Postgres for tests: {} (started in {} ms)", server.description(),
          (System.nanoTime() - started) / 1_000_000);
    }
    return server;
  }

  private static Server start() {
    String url = setting(URL_SETTING);
    if (url != null) {
      String shown = url.replaceAll("password=[^&]*", "password=***");
      return new Server("PEDIGREE_TEST_JDBC_URL", URL_SETTING + " at " + shown, url, setting(URL_SETTING + "_USER"),
          setting(URL_SETTING + "_PASSWORD"));
    }
    if (Docker.available()) {
      return Docker.start();
    }
    return embedded();
  }

  private static Server embedded() {
    try {
      EmbeddedPostgres postgres =
          EmbeddedPostgres.builder()
              .setServerConfig("fsync", "off")
              .setServerConfig("full_page_writes", "off")
              .start();
      return new Server("embedded", "embedded (no Docker engine, no " + URL_SETTING + "), port " + postgres.getPort(),
          postgres.getJdbcUrl("postgres", "postgres"), "postgres", null);
    } catch (IOException e) {
      throw new UncheckedIOException("could not start embedded Postgres for tests", e);
    }
  }

  private static String setting(String name) {
    String value = System.getProperty(name, System.getenv(name));
    return value == null || value.isBlank() ? null : value;
  }

  private static String uniqueName(String hint) {
    String readable = hint.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
    String suffix = UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    return "t_" + readable.substring(0, Math.min(readable.length(), 40)) + "_" + suffix;
  }

  private static void execute(DataSource dataSource, String sql) {
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException("test database setup failed: " + sql, e);
    }
  }

  /** The same server and parameters, another database. */
  private static String withDatabase(String url, String database) {
    Matcher matcher = JDBC_URL.matcher(url);
    if (!matcher.matches()) {
      throw new IllegalArgumentException(
          URL_SETTING + " must look like jdbc:postgresql://host:port/database, not " + url);
    }
    return matcher.group(1) + "/" + database + (matcher.group(3) == null ? "" : matcher.group(3));
  }

  /** {@code url} names the server's maintenance database; the test databases live next to it. */
  private record Server(String backend, String description, String url, String user, String password) {
    DataSource maintenance() {
      return dataSource(url);
    }

    DataSource dataSource(String jdbcUrl) {
      PGSimpleDataSource dataSource = new PGSimpleDataSource();
      dataSource.setURL(jdbcUrl);
      if (user != null) {
        dataSource.setUser(user);
      }
      if (password != null) {
        dataSource.setPassword(password);
      }
      return dataSource;
    }
  }

  /**
   * Kept apart so that Testcontainers classes load only here: a missing Testcontainers jar or Docker engine must
   * mean "use embedded", never a failed test.
   */
  private static final class Docker {
    private static final String IMAGE = "postgres:17-alpine";

    static boolean available() {
      try {
        return org.testcontainers.DockerClientFactory.instance().isDockerAvailable();
      } catch (RuntimeException | LinkageError e) {
        return false;
      }
    }

    static Server start() {
      org.testcontainers.postgresql.PostgreSQLContainer container =
          new org.testcontainers.postgresql.PostgreSQLContainer(IMAGE);
      container.start();
      return new Server("testcontainers", "Testcontainers " + IMAGE + " (Docker engine found)",
          container.getJdbcUrl(), container.getUsername(), container.getPassword());
    }
  }
}
