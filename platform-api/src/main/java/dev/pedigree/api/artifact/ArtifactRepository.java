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

  private final JdbcClient jdbc;
  private final RewardArtifacts rewards;

  ArtifactRepository(JdbcClient jdbc, RewardArtifacts rewards) {
    this.jdbc = jdbc;
    this.rewards = rewards;
  }

  /**
   * Registers an artifact a run produced, with its {@code produced} lineage edge and, for a model, an edge from each of
   * the run's inputs with the input's relation, a {@code pretrained_on} edge from each dataset it learned from and a
   * {@code reward} edge from each reward an input's params name ({@link RewardArtifacts}); a repeat returns the first
   * row.
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
    }
    if (inserted == 1 && registration.kind().equals("model")) {
      jdbc.sql(
              """
              INSERT INTO lineage_edge (from_artifact_id, to_artifact_id, relation, params)
              SELECT artifact_id, :id, relation, params FROM run_input WHERE run_id = :run
              UNION ALL
              SELECT a.id, :id, 'pretrained_on', jsonb_build_object('source', a.name, 'role', a.metadata -> 'role')
              FROM artifact a WHERE a.run_id = :run AND a.kind = 'dataset'
              """)
          .param("run", runId)
          .param("id", id)
          .update();
      rewards.linkRunRewards(runId, id);
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

  /** The artifacts the run reads, in the order of their roles. */
  List<Artifact> inputsOf(UUID runId) {
    return jdbc.sql(
            """
            SELECT a.id, a.kind, a.name, a.uri, a.sha256, a.bytes, a.format, a.metadata::text AS metadata, a.run_id,
                   a.created_at
            FROM run_input i JOIN artifact a ON a.id = i.artifact_id WHERE i.run_id = :run ORDER BY i.role
            """)
        .param("run", runId)
        .query(ArtifactRepository::artifact)
        .list();
  }

  private static Artifact artifact(ResultSet rs, int row) throws SQLException {
    Timestamp created = rs.getTimestamp("created_at");
    return new Artifact(rs.getObject("id", UUID.class), rs.getString("kind"), rs.getString("name"), rs.getString("uri"),
        rs.getString("sha256"), rs.getLong("bytes"), rs.getString("format"), rs.getString("metadata"),
        rs.getObject("run_id", UUID.class), created.toInstant());
  }
}
