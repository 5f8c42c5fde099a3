package dev.pedigree.api.sweep;

import java.util.Arrays;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Sets a value at a dotted path inside a spec, making the objects on the way that the spec leaves out. */
final class SpecPaths {
  private SpecPaths() {}

  /** @throws IllegalArgumentException when a field on the way holds something other than an object */
  static void set(ObjectNode spec, String path, JsonNode value) {
    String[] fields = path.split("\\.");
    ObjectNode node = spec;
    for (int i = 0; i < fields.length - 1; i++) {
      JsonNode child = node.get(fields[i]);
      if (child == null || child.isNull()) {
        child = node.putObject(fields[i]);
      } else if (!child.isObject()) {
        throw new IllegalArgumentException("cannot be set: the spec's "
            + String.join(".", Arrays.copyOf(fields, i + 1)) + " is not an object");
      }
      node = (ObjectNode) child;
    }
    node.set(fields[fields.length - 1], value.deepCopy());
  }
}
