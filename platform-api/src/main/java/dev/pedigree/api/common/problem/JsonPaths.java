package dev.pedigree.api.common.problem;

import tools.jackson.core.JacksonException;
import tools.jackson.core.TokenStreamContext;
import tools.jackson.core.exc.StreamReadException;

/** JSON paths ({@code $.spec.model.layers}, {@code $.series[0]}) for the field a Jackson error points at. */
public final class JsonPaths {
  private JsonPaths() {}

  /**
   * A malformed value ({@code "learningRate": NaN}) has no databind path: it is named by where the parser stopped.
   *
   * @param root the JSON path of the document that was read
   */
  public static String of(String root, JacksonException e) {
    if (e.getPath().isEmpty() && e instanceof StreamReadException read && read.processor() != null) {
      return root + of(read.processor().streamReadContext()).substring(1);
    }
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

  /** The path of a parser's position: {@code $.series[0].points[3][1]}. */
  public static String of(TokenStreamContext context) {
    if (context == null || context.inRoot()) {
      return "$";
    }
    String parent = of(context.getParent());
    if (context.inArray()) {
      return parent + "[" + Math.max(context.getCurrentIndex(), 0) + "]";
    }
    return context.currentName() == null ? parent : parent + "." + context.currentName();
  }
}
