package dev.pedigree.api.config;

import org.flywaydb.core.Flyway;

/** {@code pedigree migrate}: apply the schema to the configured external database and exit. */
public final class Migrate {
  private Migrate() {}

  public static void main(String[] args) {
    String url = System.getenv("PEDIGREE_DB_URL");
    if (url == null || url.isBlank()) {
      throw new IllegalStateException("PEDIGREE_DB_URL must name the database to migrate");
    }
    var result =
        Flyway.configure()
            .dataSource(url, System.getenv("PEDIGREE_DB_USER"), System.getenv("PEDIGREE_DB_PASSWORD"))
            .locations("classpath:db/migration")
            .load()
            .migrate();
    System.out.println("migrations applied: " + result.migrationsExecuted + ", schema version " + result.targetSchemaVersion);
  }
}
