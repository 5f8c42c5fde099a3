package dev.pedigree.api.registry;

import static dev.pedigree.api.common.SqlColumns.escapeLike;
import static dev.pedigree.api.common.SqlColumns.instant;

import dev.pedigree.api.registry.RegistryOrder.Field;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class RegistryRepository {
  private static final String SELECT_MODEL =
      """
      SELECT m.id, m.name, p.name AS project, m.description, m.last_version, m.created_by, m.created_at, m.updated_at
      FROM registered_model m JOIN project p ON p.id = m.project_id
      """;
  private static final String FILTER =
      """
      WHERE (CAST(:project AS text) IS NULL OR p.name = :project)
        AND (CAST(:q AS text) IS NULL OR m.name ILIKE '%' || :q || '%')
      """;
  private static final String SELECT_VERSION =
      """
      SELECT m.name, v.version, v.artifact_id, v.description, v.created_by, v.created_at, v.stage, v.updated_at,
             ARRAY(SELECT a.alias FROM model_alias a WHERE a.model_id = v.model_id AND a.version = v.version
                   ORDER BY a.alias) AS aliases,
             ARRAY(SELECT t.key FROM model_version_tag t WHERE t.model_id = v.model_id AND t.version = v.version
                   ORDER BY t.key) AS tag_keys,
             ARRAY(SELECT t.value FROM model_version_tag t WHERE t.model_id = v.model_id AND t.version = v.version
                   ORDER BY t.key) AS tag_values,
             r.id AS run_id, r.name AS run_name, r.status AS run_status
      FROM model_version v JOIN registered_model m ON m.id = v.model_id
      LEFT JOIN LATERAL (SELECT e.from_run_id FROM lineage_edge e
                         WHERE e.to_artifact_id = v.artifact_id AND e.relation = 'produced'
                           AND e.from_run_id IS NOT NULL
                         ORDER BY e.id LIMIT 1) produced ON true
      LEFT JOIN run r ON r.id = produced.from_run_id
      """;
  private static final String MODEL_TAG = "SELECT t.value FROM registered_model_tag t WHERE t.model_id = m.id";
  private static final String VERSION_TAG =
      "SELECT t.value FROM model_version_tag t WHERE t.model_id = v.model_id AND t.version = v.version";
  private static final Map<Field, String> MODEL_COLUMNS =
      Map.of(Field.NAME, "m.name", Field.CREATED, "m.created_at", Field.UPDATED, "m.updated_at");
  private static final Map<Field, String> VERSION_COLUMNS = Map.of(Field.NAME, "m.name", Field.VERSION, "v.version",
      Field.CREATED, "v.created_at", Field.UPDATED, "v.updated_at");

  private final JdbcClient jdbc;

  RegistryRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** @return false when the name is taken */
  boolean insertModel(String name, String project, String description, String createdBy) {
    jdbc.sql("INSERT INTO project (name) VALUES (:name) ON CONFLICT (name) DO NOTHING").param("name", project).update();
    return jdbc.sql(
                """
                INSERT INTO registered_model (name, project_id, description, created_by)
                SELECT :name, p.id, :description, :createdBy FROM project p WHERE p.name = :project
                ON CONFLICT (name) DO NOTHING
                """)
            .param("name", name)
            .param("project", project)
            .param("description", description)
            .param("createdBy", createdBy)
            .update()
        == 1;
  }

  Optional<RegisteredModel> findModel(String name) {
    return jdbc.sql(SELECT_MODEL + " WHERE m.name = :name").param("name", name).query(RegistryRepository::model)
        .optional();
  }

  /** The model's row, locked until the transaction ends: alias moves and new versions of one model take turns. */
  Optional<RegisteredModel> lockModel(String name) {
    return jdbc.sql(SELECT_MODEL + " WHERE m.name = :name FOR UPDATE OF m").param("name", name)
        .query(RegistryRepository::model).optional();
  }

  List<RegisteredModel> listModels(String project, String q, int page, int size) {
    return filtered(SELECT_MODEL + FILTER + " ORDER BY m.created_at DESC, m.id DESC LIMIT :limit OFFSET :offset",
        project, q)
        .param("limit", size)
        .param("offset", (long) page * size)
        .query(RegistryRepository::model)
        .list();
  }

  List<RegisteredModel> searchModels(RegistryQuery query, long offset, int limit) {
    Map<String, Object> params = new HashMap<>();
    return filtered(SELECT_MODEL + FILTER + conditions(query, MODEL_TAG, params) + " ORDER BY "
            + orderBy(query.order(), MODEL_COLUMNS, "m.name") + " LIMIT :limit OFFSET :offset", query.project(), null)
        .params(params)
        .param("limit", limit)
        .param("offset", offset)
        .query(RegistryRepository::model)
        .list();
  }

  List<VersionRow> searchVersions(RegistryQuery query, long offset, int limit) {
    Map<String, Object> params = new HashMap<>();
    return jdbc.sql(SELECT_VERSION
            + " WHERE (CAST(:project AS text) IS NULL OR m.project_id = (SELECT id FROM project WHERE name = :project))"
            + " AND (CAST(:run AS uuid) IS NULL OR r.id = :run)" + conditions(query, VERSION_TAG, params)
            + " ORDER BY " + orderBy(query.order(), VERSION_COLUMNS, "m.name, v.version DESC")
            + " LIMIT :limit OFFSET :offset")
        .params(params)
        .param("project", query.project())
        .param("run", query.run())
        .param("limit", limit)
        .param("offset", offset)
        .query(RegistryRepository::version)
        .list();
  }

  /**
   * The query's name and tag conditions, each after an AND, with their parameters put in {@code params}.
   *
   * @param tagLookup a query of the value of the searched row's tag, to which the key's condition is added
   */
  private static String conditions(RegistryQuery query, String tagLookup, Map<String, Object> params) {
    StringBuilder sql = new StringBuilder();
    if (query.name() != null) {
      sql.append(" AND ").append(query.name().condition("m.name"));
      params.put("namePattern", query.name().like());
    }
    for (int i = 0; i < query.tags().size(); i++) {
      TagCondition tag = query.tags().get(i);
      sql.append(" AND coalesce((").append(tagLookup).append(" AND t.key = :tagKey").append(i)
          .append("), CAST(:tagAbsent").append(i).append(" AS text)) ").append(tag.comparison().sql())
          .append(" :tagValue").append(i);
      params.put("tagKey" + i, tag.key());
      params.put("tagAbsent" + i, tag.absentValue());
      params.put("tagValue" + i, tag.value());
    }
    return sql.toString();
  }

  /** The order's columns, then {@code ties}, which must order every row. */
  private static String orderBy(List<RegistryOrder> order, Map<Field, String> columns, String ties) {
    List<String> terms = new ArrayList<>();
    for (RegistryOrder term : order) {
      String column = Objects.requireNonNull(columns.get(term.field()), () -> "no column for " + term.field());
      terms.add(column + (term.ascending() ? " ASC" : " DESC"));
    }
    terms.add(ties);
    return String.join(", ", terms);
  }

  long countModels(String project, String q) {
    return filtered("SELECT count(*) FROM registered_model m JOIN project p ON p.id = m.project_id " + FILTER,
        project, q).query(Long.class).single();
  }

  void updateDescription(long modelId, String description) {
    jdbc.sql("UPDATE registered_model SET description = :description, updated_at = now() WHERE id = :id")
        .param("description", description)
        .param("id", modelId)
        .update();
  }

  void updateVersionDescription(long modelId, int version, String description) {
    jdbc.sql(
            """
            UPDATE model_version SET description = :description, updated_at = now()
            WHERE model_id = :model AND version = :version
            """)
        .param("description", description)
        .param("model", modelId)
        .param("version", version)
        .update();
  }

  /** Marks the model, and the version when not null, as changed now. */
  void touch(long modelId, Integer version) {
    jdbc.sql("UPDATE registered_model SET updated_at = now() WHERE id = :id").param("id", modelId).update();
    if (version != null) {
      jdbc.sql("UPDATE model_version SET updated_at = now() WHERE model_id = :model AND version = :version")
          .param("model", modelId)
          .param("version", version)
          .update();
    }
  }

  /** Takes the model's next version number; the caller holds the model's lock. */
  int nextVersion(long modelId) {
    return jdbc.sql(
            "UPDATE registered_model SET last_version = last_version + 1, updated_at = now() WHERE id = :id"
                + " RETURNING last_version")
        .param("id", modelId)
        .query(Integer.class)
        .single();
  }

  void insertVersion(long modelId, int version, UUID artifactId, String description, String createdBy) {
    jdbc.sql(
            """
            INSERT INTO model_version (model_id, version, artifact_id, description, created_by)
            VALUES (:model, :version, :artifact, :description, :createdBy)
            """)
        .param("model", modelId)
        .param("version", version)
        .param("artifact", artifactId)
        .param("description", description)
        .param("createdBy", createdBy)
        .update();
  }

  /** The version of the model that holds the artifact, if one does. */
  Optional<Integer> versionOfArtifact(long modelId, UUID artifactId) {
    return jdbc.sql("SELECT version FROM model_version WHERE model_id = :model AND artifact_id = :artifact")
        .param("model", modelId)
        .param("artifact", artifactId)
        .query(Integer.class)
        .optional();
  }

  Optional<VersionRow> findVersion(long modelId, int version) {
    return jdbc.sql(SELECT_VERSION + " WHERE v.model_id = :model AND v.version = :version")
        .param("model", modelId)
        .param("version", version)
        .query(RegistryRepository::version)
        .optional();
  }

  /** Newest first. */
  List<VersionRow> versions(long modelId) {
    return jdbc.sql(SELECT_VERSION + " WHERE v.model_id = :model ORDER BY v.version DESC")
        .param("model", modelId)
        .query(RegistryRepository::version)
        .list();
  }

  /** The newest version in each of the stages, oldest first. */
  List<VersionRow> latestPerStage(long modelId, Collection<Stage> stages) {
    return jdbc.sql(SELECT_VERSION
            + """
               WHERE v.model_id = :model AND v.version IN (SELECT max(version) FROM model_version
                 WHERE model_id = :model AND stage IN (:stages) GROUP BY stage)
              ORDER BY v.version
              """)
        .param("model", modelId)
        .param("stages", stages.stream().map(Stage::label).toList())
        .query(RegistryRepository::version)
        .list();
  }

  /** Every version, of any model, that holds the artifact. */
  List<VersionRow> versionsOfArtifact(UUID artifactId) {
    return jdbc.sql(SELECT_VERSION + " WHERE v.artifact_id = :artifact ORDER BY m.name, v.version")
        .param("artifact", artifactId)
        .query(RegistryRepository::version)
        .list();
  }

  List<ModelResponse.AliasTarget> aliases(long modelId) {
    return jdbc.sql("SELECT alias, version FROM model_alias WHERE model_id = :model ORDER BY alias")
        .param("model", modelId)
        .query((rs, n) -> new ModelResponse.AliasTarget(rs.getString("alias"), rs.getInt("version")))
        .list();
  }

  Optional<Integer> aliasVersion(long modelId, String alias) {
    return jdbc.sql("SELECT version FROM model_alias WHERE model_id = :model AND alias = :alias")
        .param("model", modelId)
        .param("alias", alias)
        .query(Integer.class)
        .optional();
  }

  /** Points the alias at the version and records the move; the caller holds the model's lock. */
  void moveAlias(long modelId, String alias, Integer from, Integer to, String movedBy) {
    if (to == null) {
      jdbc.sql("DELETE FROM model_alias WHERE model_id = :model AND alias = :alias")
          .param("model", modelId)
          .param("alias", alias)
          .update();
    } else {
      jdbc.sql(
              """
              INSERT INTO model_alias (model_id, alias, version) VALUES (:model, :alias, :version)
              ON CONFLICT (model_id, alias) DO UPDATE SET version = excluded.version
              """)
          .param("model", modelId)
          .param("alias", alias)
          .param("version", to)
          .update();
    }
    jdbc.sql(
            """
            INSERT INTO model_alias_move (model_id, alias, from_version, to_version, moved_by)
            VALUES (:model, :alias, :from, :to, :movedBy)
            """)
        .param("model", modelId)
        .param("alias", alias)
        .param("from", from)
        .param("to", to)
        .param("movedBy", movedBy)
        .update();
  }

  /** Oldest first, in the order the moves happened. */
  List<AliasMove> aliasHistory(long modelId, String alias) {
    return jdbc.sql(
            """
            SELECT alias, from_version, to_version, moved_by, moved_at FROM model_alias_move
            WHERE model_id = :model AND alias = :alias ORDER BY id
            """)
        .param("model", modelId)
        .param("alias", alias)
        .query((rs, n) -> new AliasMove(rs.getString("alias"), rs.getObject("from_version", Integer.class),
            rs.getObject("to_version", Integer.class), rs.getString("moved_by"), instant(rs, "moved_at")))
        .list();
  }

  private JdbcClient.StatementSpec filtered(String sql, String project, String q) {
    return jdbc.sql(sql).param("project", project).param("q", q == null ? null : escapeLike(q));
  }

  private static RegisteredModel model(ResultSet rs, int row) throws SQLException {
    return new RegisteredModel(rs.getLong("id"), rs.getString("name"), rs.getString("project"),
        rs.getString("description"), rs.getInt("last_version"), rs.getString("created_by"), instant(rs, "created_at"),
        instant(rs, "updated_at"));
  }

  private static VersionRow version(ResultSet rs, int row) throws SQLException {
    UUID runId = rs.getObject("run_id", UUID.class);
    return new VersionRow(rs.getString("name"), rs.getInt("version"), rs.getObject("artifact_id", UUID.class),
        rs.getString("description"), rs.getString("created_by"), instant(rs, "created_at"), rs.getString("stage"),
        instant(rs, "updated_at"), Arrays.asList(strings(rs, "aliases")),
        TagRepository.tags(strings(rs, "tag_keys"), strings(rs, "tag_values")),
        runId == null ? null : new ProducingRun(runId, rs.getString("run_name"), rs.getString("run_status")));
  }

  private static String[] strings(ResultSet rs, String column) throws SQLException {
    return (String[]) rs.getArray(column).getArray();
  }
}
