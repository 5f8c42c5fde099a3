package dev.pedigree.api.artifact;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Programmatic rewards as lineage nodes: one {@code reward} artifact per {@code name@version}, identified by the sha256
 * of its description {@code reward:name@version} and made the first time a model trained with it is registered. No run
 * produces it, so it has no run and no {@code produced} edge.
 */
@Repository
class RewardArtifacts {
  private final JdbcClient jdbc;

  RewardArtifacts(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** The description a reward artifact's sha256 and URI are made of. */
  private static String description(String qualifiedReward) {
    return "reward:" + qualifiedReward;
  }

  private static String sha256(String qualifiedReward) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256")
          .digest(description(qualifiedReward).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }

  /**
   * Adds a {@code reward} edge to the run's model from the reward each of the run's inputs names in its edge params
   * (an RL run's {@code rl_from}, a preference run's {@code finetuned_from}), with those params; registers the reward
   * first if no model has used it yet. Runs inside the model's registration.
   */
  void linkRunRewards(UUID runId, UUID modelId) {
    jdbc.sql("SELECT DISTINCT params ->> 'reward' FROM run_input WHERE run_id = :run AND params ->> 'reward' <> ''")
        .param("run", runId)
        .query(String.class)
        .list()
        .forEach(reward -> jdbc.sql(
                """
                INSERT INTO lineage_edge (from_artifact_id, to_artifact_id, relation, params)
                SELECT :reward, :model, 'reward', params FROM run_input
                WHERE run_id = :run AND params ->> 'reward' = :name ORDER BY role LIMIT 1
                """)
            .param("reward", register(reward))
            .param("model", modelId)
            .param("run", runId)
            .param("name", reward)
            .update());
  }

  /** The reward's artifact id, inserting the artifact unless a concurrent or earlier registration did. */
  private UUID register(String qualifiedReward) {
    String sha256 = sha256(qualifiedReward);
    jdbc.sql(
            """
            INSERT INTO artifact (id, kind, name, uri, sha256, bytes, format)
            VALUES (:id, 'reward', :name, :uri, :sha256, 0, 'programmatic')
            ON CONFLICT (sha256) WHERE kind = 'reward' DO NOTHING
            """)
        .param("id", UUID.randomUUID())
        .param("name", qualifiedReward)
        .param("uri", description(qualifiedReward))
        .param("sha256", sha256)
        .update();
    return jdbc.sql("SELECT id FROM artifact WHERE kind = 'reward' AND sha256 = :sha256")
        .param("sha256", sha256)
        .query(UUID.class)
        .single();
  }
}
