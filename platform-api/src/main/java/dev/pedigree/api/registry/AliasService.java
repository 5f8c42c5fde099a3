package dev.pedigree.api.registry;

import dev.pedigree.api.common.problem.ApiProblem;
import dev.pedigree.api.common.problem.FieldError;
import dev.pedigree.api.common.problem.JsonFields;
import dev.pedigree.api.common.problem.ProblemTypes;
import dev.pedigree.api.security.Caller;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.JsonNode;

/**
 * Alias use cases. A move takes the model's row lock, so concurrent moves are recorded in the order they took effect,
 * each from the version the one before it left.
 */
@Service
public class AliasService {
  private static final Set<String> ALIAS_FIELDS = Set.of("version");

  private final RegistryRepository registry;
  private final RegistryService models;

  AliasService(RegistryRepository registry, RegistryService models) {
    this.registry = registry;
    this.models = models;
  }

  /** The version the alias names; {@code latest} names the newest. */
  @Transactional(readOnly = true)
  public VersionResponse alias(String name, String alias) {
    RegisteredModel model = models.model(name);
    return models.version(model, models.aliasVersion(model, alias).orElseThrow(() -> noAlias(name, alias)));
  }

  /** Points the alias at the version, recording the move; moving it where it already is records nothing. */
  @Transactional
  public VersionResponse moveAlias(String name, String alias, JsonNode body, Caller caller) {
    List<FieldError> errors = new ArrayList<>();
    checkAlias(alias, errors);
    RegistryBodies.requireObject(body, "version");
    JsonFields.rejectUnknown(body, ALIAS_FIELDS, errors);
    JsonNode versionNode = body.get("version");
    if (versionNode == null || !versionNode.isInt() || versionNode.asInt() < 1) {
      errors.add(new FieldError("$.version", "is required and must be a positive integer"));
    }
    RegistryBodies.throwIfAny(errors);
    RegisteredModel model = models.lockedModel(name);
    caller.requireMayActIn(model.project());
    int version = versionNode.asInt();
    if (version > model.lastVersion()) {
      throw ApiProblem.invalidField("$.version", "must be a version of '" + name + "', which has "
          + RegistryService.versionRange(model));
    }
    Optional<Integer> from = registry.aliasVersion(model.id(), alias);
    if (from.isEmpty() || from.get() != version) {
      registry.moveAlias(model.id(), alias, from.orElse(null), version, caller.name());
      registry.touch(model.id(), null);
    }
    return models.version(model, version);
  }

  /** Deleting the alias is recorded as a move to no version. */
  @Transactional
  public void deleteAlias(String name, String alias, Caller caller) {
    List<FieldError> errors = new ArrayList<>();
    checkAlias(alias, errors);
    RegistryBodies.throwIfAny(errors);
    RegisteredModel model = models.lockedModel(name);
    caller.requireMayActIn(model.project());
    int from = registry.aliasVersion(model.id(), alias).orElseThrow(() -> noAlias(name, alias));
    registry.moveAlias(model.id(), alias, from, null, caller.name());
    registry.touch(model.id(), null);
  }

  /** Oldest move first. */
  @Transactional(readOnly = true)
  public List<AliasMove> aliasHistory(String name, String alias) {
    RegisteredModel model = models.model(name);
    List<AliasMove> moves = ModelUri.ALIAS.matcher(alias).matches() ? registry.aliasHistory(model.id(), alias)
        : List.of();
    if (moves.isEmpty()) {
      throw noAlias(name, alias);
    }
    return moves;
  }

  private static void checkAlias(String alias, List<FieldError> errors) {
    if (!ModelUri.ALIAS.matcher(alias).matches()) {
      errors.add(new FieldError("alias", ModelUri.ALIAS_RULE));
    } else if (alias.equals(ModelUri.LATEST)) {
      errors.add(new FieldError("alias", "'latest' is reserved: it always names the newest version"));
    }
  }

  private static ApiProblem noAlias(String name, String alias) {
    return new ApiProblem(HttpStatus.NOT_FOUND, ProblemTypes.NOT_FOUND, "Alias not found",
        "Model '" + name + "' has no alias '" + alias + "'.", List.of());
  }
}
