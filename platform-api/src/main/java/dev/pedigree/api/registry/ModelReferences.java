package dev.pedigree.api.registry;

import dev.pedigree.api.common.problem.ApiProblem;
import dev.pedigree.api.common.problem.FieldError;
import dev.pedigree.api.run.SubmissionParser;
import dev.pedigree.api.security.Caller;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.databind.node.StringNode;

/**
 * Registry references in a spec ({@code "base": "models:/arith-small@champion"}), resolved at submission to the
 * artifact ids they name then: the stored spec is the reproducible one, and each reference is kept beside its input.
 */
@Component
public class ModelReferences {
  private final RegistryService registry;

  ModelReferences(RegistryService registry) {
    this.registry = registry;
  }

  /**
   * {@code spec} with the references resolved.
   *
   * @param references by the JSON path of the field that holds each
   */
  public record Resolved(JsonNode spec, Map<String, ModelReference> references) {
    /** An error for each reference in a field that takes no model: those are the fields {@code modelFields} name. */
    public void checkFieldsTakeModels(Collection<String> modelFields, List<FieldError> errors) {
      references.keySet().stream().filter(field -> !modelFields.contains(field)).forEach(field ->
          errors.add(new FieldError(field, "takes no model, but " + references.get(field).registry()
              + " is one; a spec takes registry references only where it takes a model artifact id")));
    }
  }

  /** A run or sweep body with its {@code spec} resolved, and that spec's references. */
  public record ResolvedBody(JsonNode body, Resolved spec) {}

  /**
   * {@code body} with its {@code spec} resolved at {@code $.spec}; a body without a spec object is left as it is, for
   * its parser to refuse.
   *
   * @throws ApiProblem 400 naming each reference that names nothing
   */
  public ResolvedBody resolveSpecOf(JsonNode body, Caller caller) {
    if (body == null || !body.path("spec").isObject()) {
      return new ResolvedBody(body, new Resolved(null, Map.of()));
    }
    List<FieldError> errors = new ArrayList<>();
    Resolved spec = resolve(body.get("spec"), "$.spec", caller, errors);
    if (!errors.isEmpty()) {
      throw ApiProblem.invalid(SubmissionParser.summary(errors), errors);
    }
    ObjectNode copy = ((ObjectNode) body).deepCopy();
    copy.set("spec", spec.spec());
    return new ResolvedBody(copy, spec);
  }

  /**
   * A copy of {@code spec} (at JSON path {@code at}) with every string that starts {@code models:/} replaced by the
   * artifact id it names for {@code caller}; each that names nothing is an error at its field.
   */
  public Resolved resolve(JsonNode spec, String at, Caller caller, List<FieldError> errors) {
    Map<String, ModelReference> references = new LinkedHashMap<>();
    JsonNode resolved = resolve(spec, at, caller, references, errors);
    return new Resolved(resolved, references);
  }

  private JsonNode resolve(JsonNode node, String path, Caller caller, Map<String, ModelReference> references,
      List<FieldError> errors) {
    if (node.isObject()) {
      ObjectNode copy = JsonNodeFactory.instance.objectNode();
      node.properties().forEach(field -> copy.set(field.getKey(),
          resolve(field.getValue(), path + "." + field.getKey(), caller, references, errors)));
      return copy;
    }
    if (node.isArray()) {
      ArrayNode copy = JsonNodeFactory.instance.arrayNode();
      for (int i = 0; i < node.size(); i++) {
        copy.add(resolve(node.get(i), path + "[" + i + "]", caller, references, errors));
      }
      return copy;
    }
    if (!node.isString() || !ModelUri.isReference(node.asString())) {
      return node;
    }
    ModelUri uri = ModelUri.parse(node.asString()).orElse(null);
    if (uri == null) {
      errors.add(new FieldError(path, "must be a registry reference " + ModelUri.SYNTAX + " (name: 1 to 128 letters,"
          + " digits, '.', '_' or '-', other than '.' and '..'; alias: lowercase, or 'latest')"));
      return node;
    }
    RegistryService.Resolution resolution = registry.resolve(uri, caller);
    if (resolution.reference() == null) {
      errors.add(new FieldError(path, "'" + uri + "' " + resolution.failure()));
      return node;
    }
    references.put(path, resolution.reference());
    return StringNode.valueOf(resolution.reference().artifactId().toString());
  }
}
