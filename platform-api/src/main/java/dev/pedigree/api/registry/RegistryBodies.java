package dev.pedigree.api.registry;

import dev.pedigree.api.common.problem.ApiProblem;
import dev.pedigree.api.common.problem.FieldError;
import dev.pedigree.api.common.problem.StorableText;
import dev.pedigree.api.run.SubmissionParser;
import java.util.List;
import tools.jackson.databind.JsonNode;

/** Checks shared by the registry's request bodies; each problem names its field. */
final class RegistryBodies {
  private static final int MAX_DESCRIPTION = 5000;

  private RegistryBodies() {}

  static void requireObject(JsonNode body, String fields) {
    if (body == null || !body.isObject()) {
      throw ApiProblem.invalidField("$", "must be a JSON object with " + fields);
    }
  }

  /** The optional {@code description}, or null. */
  static String description(JsonNode body, List<FieldError> errors) {
    JsonNode value = body.get("description");
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isString() || value.asString().length() > MAX_DESCRIPTION || value.asString().indexOf('\0') >= 0
        || !StorableText.isWellFormed(value.asString())) {
      errors.add(new FieldError("$.description", "must be a string of at most " + MAX_DESCRIPTION
          + " characters without NUL characters"));
      return null;
    }
    return value.asString();
  }

  static void throwIfAny(List<FieldError> errors) {
    if (!errors.isEmpty()) {
      throw ApiProblem.invalid(SubmissionParser.summary(errors), errors);
    }
  }
}
