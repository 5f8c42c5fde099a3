package dev.pedigree.api.artifact;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pedigree.migrations.testing.PostgresTest;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A family: dataset D pretrains model M1 (made by run R); M2 is RL-tuned from M1; M3 merges M1 and M2. A stray
 * model X is unrelated.
 */
@PostgresTest
class LineageRepositoryTest {
  private final JdbcClient jdbc;
  private final LineageRepository lineage;
  private final UUID run = UUID.randomUUID();
  private final UUID dataset = UUID.randomUUID();
  private final UUID m1 = UUID.randomUUID();
  private final UUID m2 = UUID.randomUUID();
  private final UUID m3 = UUID.randomUUID();
  private final UUID stray = UUID.randomUUID();

  LineageRepositoryTest(DataSource dataSource) {
    this.jdbc = JdbcClient.create(dataSource);
    this.lineage = new LineageRepository(jdbc);
  }

  @BeforeEach
  void family() {
    jdbc.sql("""
        INSERT INTO run (id, project_id, name, kind, status, spec)
        SELECT :id, id, 'pretrain-m1', 'pretrain', 'SUCCEEDED', '{}' FROM project WHERE name = 'default'
        """).param("id", run).update();
    artifact(dataset, "dataset");
    artifact(m1, "model");
    artifact(m2, "model");
    artifact(m3, "model");
    artifact(stray, "model");
    edge(dataset, m1, "pretrained_on", "{\"tokens\": 1000}");
    jdbc.sql("INSERT INTO lineage_edge (from_run_id, to_artifact_id, relation) VALUES (:run, :to, 'produced')")
        .param("run", run).param("to", m1).update();
    edge(m1, m2, "rl_from", "{\"method\": \"gtpo\"}");
    edge(m1, m3, "merged_from", "{\"weight\": 0.5}");
    edge(m2, m3, "merged_from", "{\"weight\": 0.5}");
  }

  @Test
  void upwardReachesEverythingTheModelCameFromWithTypedEdges() {
    Lineage up = lineage.walk(m3, true, 10);

    assertThat(up.nodes()).extracting(Lineage.Node::id).containsExactlyInAnyOrder(m3, m1, m2, dataset, run);
    assertThat(up.nodes()).filteredOn(node -> node.id().equals(run)).singleElement()
        .satisfies(node -> assertThat(node.type()).isEqualTo("run"));
    assertThat(up.edges()).extracting(Lineage.Edge::relation)
        .containsExactlyInAnyOrder("merged_from", "merged_from", "rl_from", "pretrained_on", "produced");
    assertThat(up.edges()).filteredOn(edge -> edge.relation().equals("rl_from")).singleElement()
        .satisfies(edge -> assertThat(edge.params()).contains("gtpo"));
  }

  @Test
  void depthBoundsTheWalk() {
    Lineage oneLevel = lineage.walk(m3, true, 1);

    assertThat(oneLevel.nodes()).extracting(Lineage.Node::id).containsExactlyInAnyOrder(m3, m1, m2);
    assertThat(oneLevel.edges()).hasSize(2);
  }

  @Test
  void downwardFindsEveryDescendantOfADataset() {
    Lineage down = lineage.walk(dataset, false, 10);

    assertThat(down.nodes()).extracting(Lineage.Node::id).containsExactlyInAnyOrder(dataset, m1, m2, m3);
    assertThat(down.nodes()).extracting(Lineage.Node::id).doesNotContain(stray, run);
  }

  private void artifact(UUID id, String kind) {
    jdbc.sql("""
        INSERT INTO artifact (id, kind, name, uri, sha256, bytes, format)
        VALUES (:id, :kind, :name, :uri, repeat('a', 64), 1, 'safetensors')
        """).param("id", id).param("kind", kind).param("name", kind + "-" + id).param("uri", "file:///" + id).update();
  }

  private void edge(UUID from, UUID to, String relation, String params) {
    jdbc.sql("""
        INSERT INTO lineage_edge (from_artifact_id, to_artifact_id, relation, params)
        VALUES (:from, :to, :relation, CAST(:params AS jsonb))
        """).param("from", from).param("to", to).param("relation", relation).param("params", params).update();
  }
}
