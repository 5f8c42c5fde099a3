package dev.pedigree.api.mlflow;

import static dev.pedigree.api.common.SqlColumns.instant;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Projects, read and created as MLflow experiments. */
@Repository
class ExperimentRepository {
  private static final String SELECT = "SELECT id, name, created_at FROM project";

  private final JdbcClient jdbc;

  ExperimentRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  Optional<Experiment> find(long projectId) {
    return jdbc.sql(SELECT + " WHERE id = :id").param("id", projectId).query(ExperimentRepository::experiment)
        .optional();
  }

  Optional<Experiment> findByProject(String project) {
    return jdbc.sql(SELECT + " WHERE name = :name").param("name", project).query(ExperimentRepository::experiment)
        .optional();
  }

  /** Empty when a project of that name exists already. */
  Optional<Experiment> create(String project) {
    return jdbc.sql("INSERT INTO project (name) VALUES (:name) ON CONFLICT (name) DO NOTHING RETURNING id, name, created_at")
        .param("name", project)
        .query(ExperimentRepository::experiment)
        .optional();
  }

  /** Oldest first; only {@code project} when it is not null. */
  List<Experiment> page(String project, int limit, long offset) {
    return jdbc.sql(SELECT + " WHERE CAST(:project AS text) IS NULL OR name = :project ORDER BY id LIMIT :limit OFFSET :offset")
        .param("project", project)
        .param("limit", limit)
        .param("offset", offset)
        .query(ExperimentRepository::experiment)
        .list();
  }

  private static Experiment experiment(ResultSet rs, int row) throws SQLException {
    return new Experiment(rs.getLong("id"), rs.getString("name"), instant(rs, "created_at"));
  }
}
