package dev.pedigree.api.common.problem;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * Text that the database keeps as sent. JSON can escape an unpaired UTF-16 surrogate ({@code "\ud800"}), which has
 * no UTF-8 form: the Postgres driver would store it as {@code ?}, silently renaming a run or merging two metric keys.
 */
public final class StorableText {
  private static final String NO_UTF8 = " (such as \\ud800), which has no UTF-8 form";

  private StorableText() {}

  public static boolean isWellFormed(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        return false;
      }
    }
    return true;
  }

  /** A name, key or label: 1 to {@code maxLength} characters, not blank, no control characters, well-formed. */
  public static boolean isLabel(String text, int maxLength) {
    return text != null && !text.isBlank() && text.length() <= maxLength
        && text.chars().noneMatch(Character::isISOControl) && isWellFormed(text);
  }

  /** Refuses {@code body} when any string in it is not well-formed, naming each by JSON path. */
  public static void requireWellFormed(JsonNode body) {
    List<FieldError> errors = new ArrayList<>();
    collect(body, "$", errors);
    if (!errors.isEmpty()) {
      throw ApiProblem.invalid(errors.get(0).field() + " " + errors.get(0).message(), errors);
    }
  }

  private static void collect(JsonNode node, String path, List<FieldError> errors) {
    if (node.isString() && !isWellFormed(node.asString())) {
      errors.add(new FieldError(path, "has an unpaired UTF-16 surrogate" + NO_UTF8));
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        collect(node.get(i), path + "[" + i + "]", errors);
      }
    } else if (node.isObject()) {
      // Field names need no check: Jackson refuses a broken surrogate pair in a name as malformed JSON.
      for (Map.Entry<String, JsonNode> member : node.properties()) {
        collect(member.getValue(), path + "." + member.getKey(), errors);
      }
    }
  }
}
