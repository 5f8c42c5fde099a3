package dev.pedigree.api.artifact;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Walks lineage edges with one recursive query per request, bounded by depth. */
@Repository
class LineageRepository {
  /** Artifacts reached upward (through edges into them) with the edges into each. */
  private static final String UP =
      """
      WITH RECURSIVE walk (artifact_id, depth) AS (
          SELECT CAST(:root AS uuid), 0
        UNION
          SELECT e.from_artifact_id, w.depth + 1
          FROM lineage_edge e JOIN walk w ON e.to_artifact_id = w.artifact_id
          WHERE e.from_artifact_id IS NOT NULL AND w.depth < :depth
      )
      SELECT DISTINCT e.id, coalesce(e.from_artifact_id, e.from_run_id) AS from_id, e.to_artifact_id AS to_id,
             e.relation, e.params::text AS params
      FROM lineage_edge e JOIN walk w ON e.to_artifact_id = w.artifact_id
      WHERE w.depth < :depth
      ORDER BY e.id
      """;
  /** Artifacts reached downward (through edges out of them) with the edges out of each. */
  private static final String DOWN =
      """
      WITH RECURSIVE walk (artifact_id, depth) AS (
          SELECT CAST(:root AS uuid), 0
        UNION
          SELECT e.to_artifact_id, w.depth + 1
          FROM lineage_edge e JOIN walk w ON e.from_artifact_id = w.artifact_id
          WHERE w.depth < :depth
      )
      SELECT DISTINCT e.id, e.from_artifact_id AS from_id, e.to_artifact_id AS to_id, e.relation, e.params::text AS params
      FROM lineage_edge e JOIN walk w ON e.from_artifact_id = w.artifact_id
      WHERE w.depth < :depth
      ORDER BY e.id
      """;

  private final JdbcClient jdbc;

  LineageRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  Lineage walk(UUID root, boolean up, int depth) {
    List<Lineage.Edge> edges =
        jdbc.sql(up ? UP : DOWN)
            .param("root", root)
            .param("depth", depth)
            .query((rs, n) -> new Lineage.Edge(rs.getObject("from_id", UUID.class), rs.getObject("to_id", UUID.class),
                rs.getString("relation"), rs.getString("params")))
            .list();
    Map<UUID, Lineage.Node> nodes = new LinkedHashMap<>();
    List<UUID> ids = new ArrayList<>(List.of(root));
    edges.forEach(edge -> {
      ids.add(edge.from());
      ids.add(edge.to());
    });
    jdbc.sql("SELECT id, kind, name, sha256 FROM artifact WHERE id IN (:ids)")
        .param("ids", ids)
        .query(rs -> {
          UUID id = rs.getObject("id", UUID.class);
          nodes.put(id, new Lineage.Node(id, "artifact", rs.getString("kind"), rs.getString("name"),
              rs.getString("sha256"), null));
        });
    jdbc.sql("SELECT id, kind, name, status FROM run WHERE id IN (:ids)")
        .param("ids", ids)
        .query(rs -> {
          UUID id = rs.getObject("id", UUID.class);
          nodes.put(id, new Lineage.Node(id, "run", rs.getString("kind"), rs.getString("name"), null,
              rs.getString("status")));
        });
    return new Lineage(root, up ? "up" : "down", depth, List.copyOf(nodes.values()), edges);
  }
}
