package dev.pedigree.api.common.problem;

import java.util.List;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/** Field checks shared by hand-validated request bodies; each problem is added to {@code errors} by JSON path. */
public final class JsonFields {
  private JsonFields() {}

  public static void rejectUnknown(JsonNode body, Set<String> known, List<FieldError> errors) {
    rejectUnknown(body, "$", known, errors);
  }

  /** @param at the JSON path of {@code body} */
  public static void rejectUnknown(JsonNode body, String at, Set<String> known, List<FieldError> errors) {
    for (String field : body.propertyNames()) {
      if (!known.contains(field)) {
        errors.add(new FieldError(at + "." + field, "is not a known field (expected one of " + known + ")"));
      }
    }
  }

  /** A required string field, or null (with an error) when it is missing or not a string. */
  public static String text(JsonNode body, String field, List<FieldError> errors) {
    return text(body, "$", field, errors);
  }

  /** @param at the JSON path of {@code body} */
  public static String text(JsonNode body, String at, String field, List<FieldError> errors) {
    JsonNode value = body.get(field);
    if (value == null || !value.isString()) {
      errors.add(new FieldError(at + "." + field, "is required and must be a string"));
      return null;
    }
    return value.asString();
  }

  /** A required human-readable name: 1 to 200 characters, no control characters. */
  public static String name(JsonNode body, List<FieldError> errors) {
    String name = text(body, "name", errors);
    if (name != null && (name.isBlank() || name.length() > 200 || name.chars().anyMatch(Character::isISOControl))) {
      errors.add(new FieldError("$.name", "must be 1 to 200 characters without control characters"));
    }
    return name;
  }
}
