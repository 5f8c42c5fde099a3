package dev.pedigree.api.common.problem;

import java.util.List;

/** Query parameters arrive as text, so a bad one is a field error rather than a framework 400 without a name. */
public final class QueryParameters {
  private QueryParameters() {}

  /** {@code value} as an integer in {@code [min, max]}; otherwise {@code min}, with an error naming the parameter. */
  public static int integer(String name, String value, int min, int max, List<FieldError> errors) {
    try {
      int parsed = Integer.parseInt(value);
      if (parsed >= min && parsed <= max) {
        return parsed;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    errors.add(new FieldError(name, "must be an integer between " + min + " and " + max));
    return min;
  }
}
