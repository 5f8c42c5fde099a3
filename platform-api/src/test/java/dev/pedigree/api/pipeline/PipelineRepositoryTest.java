package dev.pedigree.api.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pedigree.api.registry.ModelReference;
import dev.pedigree.api.run.RunStatus;
import dev.pedigree.migrations.testing.PostgresTest;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.json.JsonMapper;

@PostgresTest
class PipelineRepositoryTest {
  private final PipelineRepository pipelines;

  PipelineRepositoryTest(DataSource dataSource) {
    this.pipelines = new PipelineRepository(JdbcClient.create(dataSource), JsonMapper.builder().build());
  }

  /** A cancel right after submit ended the workflow while its "running" call was in flight: stuck RUNNING before. */
  @Test
  void aLateRunningCallDoesNotReviveAnEndedPipeline() {
    UUID id = inserted();

    assertThat(pipelines.markEnded(id, RunStatus.CANCELLED, null)).isTrue();
    pipelines.markRunning(id);

    assertThat(pipelines.find(id).orElseThrow().status()).isEqualTo(RunStatus.CANCELLED);
  }

  @Test
  void aRetriedPipelineRunsAgainWithoutItsOldError() {
    UUID id = inserted();
    pipelines.markRunning(id);
    pipelines.markEnded(id, RunStatus.FAILED, "stage a failed");

    assertThat(pipelines.requeue(id)).isTrue();
    pipelines.markRunning(id);

    Pipeline pipeline = pipelines.find(id).orElseThrow();
    assertThat(pipeline.status()).isEqualTo(RunStatus.RUNNING);
    assertThat(pipeline.error()).isNull();
    assertThat(pipeline.finishedAt()).isNull();
  }

  @Test
  void eachStageGetsBackTheRegistryReferencesItsSpecGave() {
    UUID artifact = UUID.randomUUID();
    UUID id = UUID.randomUUID();
    pipelines.insert(id, "p", "default", "{\"name\": \"p\", \"stages\": []}", Map.of("tune",
        Map.of("$.spec.base", new ModelReference("models:/arith-small@champion", 3, artifact))));

    assertThat(pipelines.modelReferences(id, "tune"))
        .containsExactly(Map.entry("$.spec.base", new ModelReference("models:/arith-small@champion", 3, artifact)));
    assertThat(pipelines.modelReferences(id, "other")).isEmpty();
  }

  private UUID inserted() {
    UUID id = UUID.randomUUID();
    pipelines.insert(id, "p", "default", "{\"name\": \"p\", \"stages\": []}", Map.of());
    return id;
  }
}
