package dev.pedigree.api.common.problem;

import tools.jackson.core.JacksonException;

/** JSON paths ({@code $.spec.model.layers}, {@code $.series[0]}) for the field a Jackson error points at. */
public final class JsonPaths {
  private JsonPaths() {}

  public static String of(String root, JacksonException e) {
    StringBuilder path = new StringBuilder(root);
    for (JacksonException.Reference reference : e.getPath()) {
      if (reference.getPropertyName() != null) {
        path.append('.').append(reference.getPropertyName());
      } else if (reference.getIndex() >= 0) {
        path.append('[').append(reference.getIndex()).append(']');
      }
    }
    return path.toString();
  }
}
