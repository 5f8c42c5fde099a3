package dev.pedigree.api.mlflow;

import dev.pedigree.api.common.Ids;
import java.util.UUID;

/** MLflow run ids are 32 hex digits: a Pedigree run's UUID without dashes. The dashed form is read too. */
final class RunIds {
  private RunIds() {}

  static String format(UUID id) {
    return id.toString().replace("-", "");
  }

  static UUID parse(String runId) {
    return Ids.parse(runId).orElseThrow(() -> MlflowException.notFound("Run with id=" + runId + " not found"));
  }
}
