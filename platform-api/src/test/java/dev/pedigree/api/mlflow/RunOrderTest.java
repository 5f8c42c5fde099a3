package dev.pedigree.api.mlflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class RunOrderTest {

  @Test
  void supportedColumnsBecomeFixedSqlWithTheIdLast() {
    assertThat(RunOrder.sql(List.of())).isEqualTo("coalesce(r.started_at, r.created_at) DESC, r.id");
    assertThat(RunOrder.sql(List.of("attributes.run_name", "end_time desc")))
        .isEqualTo("r.name ASC NULLS LAST, r.finished_at DESC NULLS LAST, r.id");
  }

  @Test
  void anythingElseIsRefusedNotIgnored() {
    for (String clause : List.of("metrics.loss DESC", "params.lr", "start_time DESC; DROP TABLE run", "run_name UP")) {
      assertThatThrownBy(() -> RunOrder.sql(List.of(clause)))
          .isInstanceOf(MlflowException.class)
          .hasMessageContaining("is not supported");
    }
  }
}
