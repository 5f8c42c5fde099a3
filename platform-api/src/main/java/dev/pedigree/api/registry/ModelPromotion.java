package dev.pedigree.api.registry;

import dev.pedigree.api.security.Caller;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Puts a model artifact into the registry under a name, and optionally an alias on it, as a pipeline stage does after
 * its gate: the model is created in the caller's project when missing, and an artifact that is a version of the name
 * already keeps that version, so doing it twice changes nothing.
 */
@Service
public class ModelPromotion {
  private final RegistryRepository registry;
  private final RegistryService models;
  private final AliasService aliases;

  ModelPromotion(RegistryRepository registry, RegistryService models, AliasService aliases) {
    this.registry = registry;
    this.models = models;
    this.aliases = aliases;
  }

  /**
   * @param alias null for none
   * @throws dev.pedigree.api.common.problem.ApiProblem when the caller may not act in the model's project, or the
   *     artifact is not a model
   */
  @Transactional
  public VersionResponse promote(String name, UUID artifact, String alias, Caller caller) {
    if (registry.findModel(name).isEmpty()) {
      models.create(object().put("name", name).put("project", caller.project()), caller);
    }
    VersionResponse version = models.versionsOf(artifact).stream()
        .filter(registered -> registered.name().equals(name)).findFirst()
        .orElseGet(() -> models.register(name, object().put("artifact", artifact.toString()), caller));
    if (alias == null) {
      return version;
    }
    return aliases.moveAlias(name, alias, object().put("version", version.version()), caller);
  }

  private static ObjectNode object() {
    return JsonNodeFactory.instance.objectNode();
  }
}
