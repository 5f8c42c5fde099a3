package dev.pedigree.api.mlflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.UUID;
import org.junit.jupiter.api.Test;

class RunIdsTest {

  @Test
  void runIdsAreUuidsWithoutDashesAndTheDashedFormIsRead() {
    UUID id = UUID.fromString("0f8fad5b-d9cb-469f-a165-70867728950e");
    assertThat(RunIds.format(id)).isEqualTo("0f8fad5bd9cb469fa16570867728950e");
    assertThat(RunIds.parse("0f8fad5bd9cb469fa16570867728950e")).isEqualTo(id);
    assertThat(RunIds.parse("0f8fad5b-d9cb-469f-a165-70867728950e")).isEqualTo(id);
    assertThatThrownBy(() -> RunIds.parse("0f8fad5bd9cb469fa16570867728950")).isInstanceOf(MlflowException.class)
        .hasMessageContaining("not found");
    assertThatThrownBy(() -> RunIds.parse("1-2-3-4-5")).isInstanceOf(MlflowException.class);
  }
}
