package dev.pedigree.api.common.problem;

import java.util.List;

/** Query parameters arrive as text, so a bad one is a field error rather than a framework 400 without a name. */
public final class QueryParameters {
  private QueryParameters() {}

  /** A list's page number (from 0) and page size. */
  public record Paging(int page, int size) {}

  /** The {@code page} and {@code size} parameters of a list; a 400 naming each bad one. */
  public static Paging paging(String page, String size, int maxSize) {
    List<FieldError> errors = new java.util.ArrayList<>();
    int pageNumber = integer("page", page, 0, 1_000_000, errors);
    int pageSize = integer("size", size, 1, maxSize, errors);
    if (!errors.isEmpty()) {
      throw ApiProblem.invalid("Invalid query parameters.", errors);
    }
    return new Paging(pageNumber, pageSize);
  }

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
