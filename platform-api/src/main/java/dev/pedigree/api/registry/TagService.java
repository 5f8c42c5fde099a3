package dev.pedigree.api.registry;

import dev.pedigree.api.common.problem.FieldError;
import dev.pedigree.api.common.problem.JsonFields;
import dev.pedigree.api.common.problem.StorableText;
import dev.pedigree.api.security.Caller;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.JsonNode;

/**
 * Tags of models and versions: annotations, not lineage, so they are set again and deleted freely. Each write marks
 * the model (and the version) changed. Deleting a tag that is not there changes nothing, as in MLflow.
 */
@Service
public class TagService {
  private static final int MAX_KEY = 250;
  private static final int MAX_VALUE = 5000;
  private static final Set<String> BODY_FIELDS = Set.of("value");

  private final RegistryRepository registry;
  private final TagRepository tags;
  private final RegistryService models;

  TagService(RegistryRepository registry, TagRepository tags, RegistryService models) {
    this.registry = registry;
    this.tags = tags;
    this.models = models;
  }

  /**
   * Refuses tags beyond MLflow's limits, naming each field by its path in the list {@code field}: a key of 1 to 250
   * characters without control characters, a value of at most 5000 without NUL.
   */
  public static void checkAll(String field, Map<String, String> tags) {
    List<FieldError> errors = new ArrayList<>();
    int index = 0;
    for (Map.Entry<String, String> tag : tags.entrySet()) {
      String at = field + "[" + index++ + "].";
      checkKey(at, tag.getKey(), errors);
      checkValue(at, tag.getValue(), errors);
    }
    RegistryBodies.throwIfAny(errors);
  }

  /** The value in Pedigree's {@code {"value"}} body, checked with the key the path names. */
  static String value(String key, JsonNode body) {
    RegistryBodies.requireObject(body, "value");
    List<FieldError> errors = new ArrayList<>();
    checkKey("", key, errors);
    JsonFields.rejectUnknown(body, BODY_FIELDS, errors);
    String value = JsonFields.text(body, "value", errors);
    if (value != null) {
      checkValue("$.", value, errors);
    }
    RegistryBodies.throwIfAny(errors);
    return value;
  }

  /** @param at the path of the tag's fields: "" for a request's own {@code key} and {@code value} */
  private static void checkKey(String at, String key, List<FieldError> errors) {
    if (!StorableText.isLabel(key, MAX_KEY)) {
      errors.add(new FieldError(at + "key", "must be 1 to " + MAX_KEY + " characters without control characters"
          + (key.length() > MAX_KEY ? "; it has " + key.length() : "")));
    }
  }

  private static void checkValue(String at, String value, List<FieldError> errors) {
    if (value.length() > MAX_VALUE || value.indexOf('\0') >= 0 || !StorableText.isWellFormed(value)) {
      errors.add(new FieldError(at + "value", "must be at most " + MAX_VALUE + " characters without NUL"
          + (value.length() > MAX_VALUE ? "; it has " + value.length() : "")));
    }
  }

  @Transactional
  public void setModelTag(String name, String key, String value, Caller caller) {
    checked(key, value);
    RegisteredModel model = models.lockedModel(name);
    caller.requireMayActIn(model.project());
    tags.setModelTag(model.id(), key, value);
    registry.touch(model.id(), null);
  }

  @Transactional
  public void deleteModelTag(String name, String key, Caller caller) {
    checked(key, null);
    RegisteredModel model = models.lockedModel(name);
    caller.requireMayActIn(model.project());
    if (tags.deleteModelTag(model.id(), key)) {
      registry.touch(model.id(), null);
    }
  }

  @Transactional
  public void setVersionTag(String name, String version, String key, String value, Caller caller) {
    checked(key, value);
    RegisteredModel model = models.lockedModel(name);
    caller.requireMayActIn(model.project());
    int number = RegistryService.versionNumber(model, version);
    tags.setVersionTag(model.id(), number, key, value);
    registry.touch(model.id(), number);
  }

  @Transactional
  public void deleteVersionTag(String name, String version, String key, Caller caller) {
    checked(key, null);
    RegisteredModel model = models.lockedModel(name);
    caller.requireMayActIn(model.project());
    int number = RegistryService.versionNumber(model, version);
    if (tags.deleteVersionTag(model.id(), number, key)) {
      registry.touch(model.id(), number);
    }
  }

  /**
   * Refuses the key, and the value unless null, beyond the limits: a key beyond them names no tag, and one with a NUL
   * is an error to Postgres.
   */
  private static void checked(String key, String value) {
    List<FieldError> errors = new ArrayList<>();
    checkKey("", key, errors);
    if (value != null) {
      checkValue("", value, errors);
    }
    RegistryBodies.throwIfAny(errors);
  }
}
