package dev.pedigree.api.common.problem;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;
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
        errors.add(new FieldError(at + "." + field, "is not a known field (expected one of " + sorted(known) + ")"));
      }
    }
  }

  /** An error unless {@code value} is one of {@code allowed} (null is not). */
  public static void oneOf(String field, String value, Set<String> allowed, List<FieldError> errors) {
    if (value == null || !allowed.contains(value)) {
      errors.add(new FieldError(field, "must be one of " + sorted(allowed)));
    }
  }

  /** The same order in every JVM: a {@code Set.of} iterates in an order that changes from one to the next. */
  private static Set<String> sorted(Set<String> values) {
    return new TreeSet<>(values);
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
    if (name != null && !StorableText.isLabel(name, 200)) {
      errors.add(new FieldError("$.name",
          "must be 1 to 200 characters of well-formed text without control characters"));
    }
    return name;
  }
}
