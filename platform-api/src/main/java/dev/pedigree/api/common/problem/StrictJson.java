package dev.pedigree.api.common.problem;

import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.json.JsonMapper;

/**
 * How request bodies are read into records: unknown fields are errors and types are never coerced ({@code "1"} or
 * {@code 1.5} for an integer is refused, not read as 1), so a buggy client hears what it sent wrong.
 */
public final class StrictJson {
  private StrictJson() {}

  public static JsonMapper.Builder configure(JsonMapper.Builder builder) {
    return builder
        .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
        .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
        .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
        // Else "" or a blank string (even "\u0000") for a number is read as absent and the default applies.
        .withCoercionConfigDefaults(coercion -> coercion
            .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail)
            .setAcceptBlankAsEmpty(false));
  }

  /** What a field of {@code type} must be, for an error message: "an integer", "a string", … */
  public static String describe(Class<?> type) {
    if (type == null) {
      return "of the expected type";
    }
    if (type == Integer.class || type == Long.class || type == int.class || type == long.class) {
      return "an integer";
    }
    if (type == Double.class || type == double.class) {
      return "a number";
    }
    if (type == String.class) {
      return "a string";
    }
    return "a JSON object";
  }
}
