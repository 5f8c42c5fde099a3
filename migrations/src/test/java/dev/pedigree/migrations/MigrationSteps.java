package dev.pedigree.migrations;

import dev.pedigree.migrations.testing.TestDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.flywaydb.core.Flyway;

/** A test database taken through the migrations step by step, with rows written and read between the steps. */
record MigrationSteps(TestDatabase database) {

  /** @param target a version, or "latest" */
  void migrate(String target) {
    Flyway.configure().dataSource(database.dataSource()).locations("classpath:db/migration").target(target).load()
        .migrate();
  }

  void execute(String sql) throws SQLException {
    try (Connection connection = database.dataSource().getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }

  /** The first column of each row. */
  List<String> rows(String sql) throws SQLException {
    List<String> rows = new ArrayList<>();
    try (Connection connection = database.dataSource().getConnection();
        ResultSet result = connection.createStatement().executeQuery(sql)) {
      while (result.next()) {
        rows.add(result.getString(1));
      }
    }
    return rows;
  }
}
