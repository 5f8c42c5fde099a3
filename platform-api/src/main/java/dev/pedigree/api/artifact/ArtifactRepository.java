package dev.pedigree.api.artifact;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

@Repository
class ArtifactRepository {
  private static final String SELECT =
      "SELECT id, kind, name, uri, sha256, bytes, format, metadata::text AS metadata, run_id, created_at FROM artifact ";

  /**
   * The edges of a selected subset :id, from what its recipe names; none for a dataset without {@code fromSources}.
   * What chose the subset, the reference models and the target set, points to the run's scorer when it has one (the
   * references as its {@code teacher}s), and the scorer to the subset; else to the subset.
   */
  private static final String SUBSET_EDGES =
      """
      WITH recipe AS (
          SELECT metadata -> 'recipe' AS recipe FROM artifact
          WHERE id = :id AND metadata #> '{recipe,fromSources}' IS NOT NULL),
        scorer AS (SELECT id FROM artifact WHERE run_id = :run AND kind = 'scorer' ORDER BY created_at LIMIT 1),
        chooser AS (SELECT coalesce((SELECT id FROM scorer), CAST(:id AS uuid)) AS id FROM recipe)
      INSERT INTO lineage_edge (from_artifact_id, to_artifact_id, relation, params)
      SELECT a.id, :id, 'selected_from', jsonb_build_object('source', a.name, 'method', r.recipe -> 'method')
      FROM recipe r CROSS JOIN jsonb_array_elements(r.recipe -> 'fromSources') s
      JOIN artifact a ON a.name = s ->> 'name' AND a.sha256 = s ->> 'sha256'
      WHERE a.run_id = :run AND a.kind = 'dataset' AND a.id <> :id
      UNION ALL
      SELECT s.id, :id, 'reference', jsonb_build_object('role', 'scorer', 'method', r.recipe -> 'method')
      FROM recipe r CROSS JOIN scorer s
      UNION ALL
      SELECT a.id, c.id, 'reference', jsonb_build_object('role', 'target', 'method', r.recipe -> 'method')
      FROM recipe r CROSS JOIN chooser c
      JOIN artifact a ON a.name = r.recipe #>> '{target,name}' AND a.sha256 = r.recipe #>> '{target,sha256}'
      WHERE a.run_id = :run AND a.kind = 'dataset' AND a.id <> :id
      UNION ALL
      SELECT i.artifact_id, c.id, CASE WHEN c.id = :id THEN i.relation ELSE 'teacher' END, i.params
      FROM recipe r CROSS JOIN chooser c CROSS JOIN jsonb_array_elements_text(r.recipe -> 'references') ref
      JOIN run_input i ON i.artifact_id::text = ref
      WHERE i.run_id = :run
      """;
  /** The edges into a model :id from the run's inputs and datasets that no other artifact of the run stands for. */
  private static final String MODEL_EDGES =
      """
      INSERT INTO lineage_edge (from_artifact_id, to_artifact_id, relation, params)
      SELECT i.artifact_id, :id, i.relation, i.params FROM run_input i
      WHERE i.run_id = :run AND NOT EXISTS (
          SELECT 1 FROM lineage_edge e JOIN artifact d ON d.id = e.to_artifact_id
          WHERE e.from_artifact_id = i.artifact_id AND d.run_id = :run AND d.kind <> 'model')
      UNION ALL
      SELECT a.id, :id, 'pretrained_on', jsonb_build_object('source', a.name, 'role', a.metadata -> 'role')
      FROM artifact a WHERE a.run_id = :run AND a.kind = 'dataset' AND NOT EXISTS (
          SELECT 1 FROM lineage_edge e JOIN artifact d ON d.id = e.to_artifact_id
          WHERE e.from_artifact_id = a.id AND d.run_id = :run AND d.kind <> 'model')
      """;

  private final JdbcClient jdbc;
  private final RewardArtifacts rewards;

  ArtifactRepository(JdbcClient jdbc, RewardArtifacts rewards) {
    this.jdbc = jdbc;
    this.rewards = rewards;
  }

  /**
   * Registers an artifact a run produced, with its {@code produced} lineage edge; a repeat returns the first row.
   *
   * <p>A dataset whose recipe names {@code fromSources} is a subset the run selected: each named source of the run
   * points to it with {@code selected_from}, and what chose it, the run's input models its recipe lists as
   * {@code references} and the target set it names as {@code target}, point to it with {@code reference}, or, when
   * the run registered a scorer, to the scorer (the references as {@code teacher}s), which points to the subset with
   * {@code reference}. The sources and the scorer must be registered before the subset.
   *
   * <p>A model gets an edge from each of the run's inputs with the input's relation and a {@code pretrained_on} edge
   * from each dataset of the run, except those that already feed another artifact of the run (a selected subset):
   * they reach the model through it; and a {@code reward} edge from each reward an input's params name
   * ({@link RewardArtifacts}).
   */
  @Transactional
  Artifact registerForRun(UUID runId, ArtifactRegistration registration, String metadataJson) {
    UUID id = UUID.randomUUID();
    int inserted =
        jdbc.sql(
                """
                INSERT INTO artifact (id, kind, name, uri, sha256, bytes, format, metadata, run_id)
                VALUES (:id, :kind, :name, :uri, :sha256, :bytes, :format, CAST(:metadata AS jsonb), :run)
                ON CONFLICT (run_id, uri) DO NOTHING
                """)
            .param("id", id)
            .param("kind", registration.kind())
            .param("name", registration.name())
            .param("uri", registration.uri())
            .param("sha256", registration.sha256())
            .param("bytes", registration.bytes())
            .param("format", registration.format())
            .param("metadata", metadataJson)
            .param("run", runId)
            .update();
    if (inserted == 1) {
      jdbc.sql("INSERT INTO lineage_edge (from_run_id, to_artifact_id, relation) VALUES (:run, :id, 'produced')")
          .param("run", runId)
          .param("id", id)
          .update();
      switch (registration.kind()) {
        case "dataset" -> jdbc.sql(SUBSET_EDGES).param("run", runId).param("id", id).update();
        case "model" -> {
          jdbc.sql(MODEL_EDGES).param("run", runId).param("id", id).update();
          rewards.linkRunRewards(runId, id);
        }
        default -> {}
      }
    }
    return jdbc.sql(SELECT + "WHERE run_id = :run AND uri = :uri")
        .param("run", runId)
        .param("uri", registration.uri())
        .query(ArtifactRepository::artifact)
        .single();
  }

  Optional<Artifact> find(UUID id) {
    return jdbc.sql(SELECT + "WHERE id = :id").param("id", id).query(ArtifactRepository::artifact).optional();
  }

  List<Artifact> producedBy(UUID runId) {
    return jdbc.sql(SELECT + "WHERE run_id = :run ORDER BY created_at, name")
        .param("run", runId)
        .query(ArtifactRepository::artifact)
        .list();
  }

  /** The artifacts the run reads, in the order of their roles, with the registry reference that named each. */
  List<Artifact> inputsOf(UUID runId) {
    return jdbc.sql(
            """
            SELECT a.id, a.kind, a.name, a.uri, a.sha256, a.bytes, a.format, a.metadata::text AS metadata, a.run_id,
                   a.created_at, i.registry, i.registry_version
            FROM run_input i JOIN artifact a ON a.id = i.artifact_id WHERE i.run_id = :run ORDER BY i.role
            """)
        .param("run", runId)
        .query((rs, row) -> artifact(rs, row).withRegistry(rs.getString("registry"),
            rs.getObject("registry_version", Integer.class)))
        .list();
  }

  private static Artifact artifact(ResultSet rs, int row) throws SQLException {
    Timestamp created = rs.getTimestamp("created_at");
    return new Artifact(rs.getObject("id", UUID.class), rs.getString("kind"), rs.getString("name"), rs.getString("uri"),
        rs.getString("sha256"), rs.getLong("bytes"), rs.getString("format"), rs.getString("metadata"),
        rs.getObject("run_id", UUID.class), created.toInstant(), null, null, null);
  }
}
