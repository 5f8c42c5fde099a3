package dev.pedigree.api.registry;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Tags of models and versions; a version's are read with the version. */
@Repository
class TagRepository {
  private final JdbcClient jdbc;

  TagRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** By key. */
  Map<String, String> modelTags(long modelId) {
    Map<String, String> tags = new LinkedHashMap<>();
    jdbc.sql("SELECT key, value FROM registered_model_tag WHERE model_id = :model ORDER BY key")
        .param("model", modelId)
        .query(rs -> {
          tags.put(rs.getString("key"), rs.getString("value"));
        });
    return Collections.unmodifiableMap(tags);
  }

  void setModelTag(long modelId, String key, String value) {
    jdbc.sql(
            """
            INSERT INTO registered_model_tag (model_id, key, value) VALUES (:model, :key, :value)
            ON CONFLICT (model_id, key) DO UPDATE SET value = excluded.value
            """)
        .param("model", modelId)
        .param("key", key)
        .param("value", value)
        .update();
  }

  /** @return false when the model has no such tag */
  boolean deleteModelTag(long modelId, String key) {
    return jdbc.sql("DELETE FROM registered_model_tag WHERE model_id = :model AND key = :key")
            .param("model", modelId)
            .param("key", key)
            .update()
        == 1;
  }

  void setVersionTag(long modelId, int version, String key, String value) {
    jdbc.sql(
            """
            INSERT INTO model_version_tag (model_id, version, key, value) VALUES (:model, :version, :key, :value)
            ON CONFLICT (model_id, version, key) DO UPDATE SET value = excluded.value
            """)
        .param("model", modelId)
        .param("version", version)
        .param("key", key)
        .param("value", value)
        .update();
  }

  /** @return false when the version has no such tag */
  boolean deleteVersionTag(long modelId, int version, String key) {
    return jdbc.sql("DELETE FROM model_version_tag WHERE model_id = :model AND version = :version AND key = :key")
            .param("model", modelId)
            .param("version", version)
            .param("key", key)
            .update()
        == 1;
  }

  /** Keys and their values, in the same order, as one map in that order. */
  static Map<String, String> tags(String[] keys, String[] values) {
    Map<String, String> tags = new LinkedHashMap<>();
    for (int i = 0; i < keys.length; i++) {
      tags.put(keys[i], values[i]);
    }
    return Collections.unmodifiableMap(tags);
  }
}
