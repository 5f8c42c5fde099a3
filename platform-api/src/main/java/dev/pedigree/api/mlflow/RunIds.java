package dev.pedigree.api.mlflow;

import java.util.UUID;
import java.util.regex.Pattern;

/** MLflow run ids are 32 hex digits: a Pedigree run's UUID without dashes. The dashed form is read too. */
final class RunIds {
  private static final Pattern HEX32 = Pattern.compile("[0-9a-fA-F]{32}");

  private RunIds() {}

  static String format(UUID id) {
    return id.toString().replace("-", "");
  }

  static UUID parse(String runId) {
    String dashed = HEX32.matcher(runId).matches()
        ? runId.substring(0, 8) + "-" + runId.substring(8, 12) + "-" + runId.substring(12, 16) + "-"
            + runId.substring(16, 20) + "-" + runId.substring(20)
        : runId;
    try {
      UUID id = UUID.fromString(dashed);
      if (id.toString().equalsIgnoreCase(dashed)) {
        return id;
      }
    } catch (IllegalArgumentException e) {
      // answered below
    }
    throw MlflowException.notFound("Run with id=" + runId + " not found");
  }
}
