package dev.pedigree.api.registry;

import dev.pedigree.api.common.problem.FieldError;
import dev.pedigree.api.common.problem.JsonFields;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * A requested stage transition: the stage, and whether the model's other versions in it move to Archived (for
 * Staging and Production only, as in MLflow).
 */
public record StageChange(Stage to, boolean archiveExisting) {
  private static final Set<String> FIELDS = Set.of("stage", "archiveExisting");

  /** MLflow's transition-stage request; errors name its fields. */
  public static StageChange of(String stage, boolean archiveExisting) {
    List<FieldError> errors = new ArrayList<>();
    StageChange change = checked("stage", stage, "archive_existing_versions", archiveExisting, errors);
    RegistryBodies.throwIfAny(errors);
    return change;
  }

  /** Pedigree's {@code {"stage", "archiveExisting"?}}. */
  static StageChange fromBody(JsonNode body) {
    RegistryBodies.requireObject(body, "stage and optionally archiveExisting");
    List<FieldError> errors = new ArrayList<>();
    JsonFields.rejectUnknown(body, FIELDS, errors);
    String stage = JsonFields.text(body, "stage", errors);
    JsonNode archive = body.get("archiveExisting");
    if (archive != null && !archive.isBoolean()) {
      errors.add(new FieldError("$.archiveExisting", "must be true or false"));
    }
    boolean archiveExisting = archive != null && archive.isBoolean() && archive.booleanValue();
    StageChange change = stage == null ? null : checked("$.stage", stage, "$.archiveExisting", archiveExisting, errors);
    RegistryBodies.throwIfAny(errors);
    return change;
  }

  private static StageChange checked(String stageField, String stage, String archiveField, boolean archiveExisting,
      List<FieldError> errors) {
    Stage to = Stage.parse(stage).orElse(null);
    if (to == null) {
      errors.add(new FieldError(stageField, Stage.RULE + ", not '" + stage + "'"));
    } else if (archiveExisting && !to.isActive()) {
      errors.add(new FieldError(archiveField, "may be true only for a transition to Staging or Production, whose"
          + " versions it archives; not to " + to.label()));
    }
    return new StageChange(to, archiveExisting);
  }
}
