package dev.pedigree.api.registry;

import dev.pedigree.api.artifact.Artifact;
import dev.pedigree.api.artifact.ArtifactService;
import dev.pedigree.api.common.Ids;
import dev.pedigree.api.common.problem.ApiProblem;
import dev.pedigree.api.common.problem.FieldError;
import dev.pedigree.api.common.problem.JsonFields;
import dev.pedigree.api.common.problem.ProblemTypes;
import dev.pedigree.api.common.problem.StorableText;
import dev.pedigree.api.run.SubmissionParser;
import dev.pedigree.api.security.Caller;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.JsonNode;

/**
 * Registry use cases. Versions are numbered from the model's counter under its row lock and never deleted; alias moves
 * take the same lock, so concurrent moves are recorded in the order they took effect.
 */
@Service
public class RegistryService {
  private static final int MAX_DESCRIPTION = 5000;
  private static final Set<String> MODEL_FIELDS = Set.of("name", "description", "project");
  private static final Set<String> UPDATE_FIELDS = Set.of("description");
  private static final Set<String> VERSION_FIELDS = Set.of("artifact", "description");
  private static final Set<String> ALIAS_FIELDS = Set.of("version");

  private final RegistryRepository registry;
  private final ArtifactService artifacts;
  private final SubmissionParser submissions;

  RegistryService(RegistryRepository registry, ArtifactService artifacts, SubmissionParser submissions) {
    this.registry = registry;
    this.artifacts = artifacts;
    this.submissions = submissions;
  }

  /** A project-scoped caller's models go into its project by default and may not go anywhere else. */
  @Transactional
  public ModelResponse create(JsonNode body, Caller caller) {
    List<FieldError> errors = new ArrayList<>();
    requireObject(body, "name");
    JsonFields.rejectUnknown(body, MODEL_FIELDS, errors);
    String name = JsonFields.text(body, "name", errors);
    if (name != null && !ModelUri.NAME.matcher(name).matches()) {
      errors.add(new FieldError("$.name", ModelUri.NAME_RULE));
    }
    String description = description(body, errors);
    String defaultProject = caller.project() == null ? "default" : caller.project();
    String project = body.has("project") ? submissions.project(body, errors) : defaultProject;
    throwIfAny(errors);
    caller.requireMayActIn(project);
    if (!registry.insertModel(name, project, description, caller.name())) {
      throw conflict("$.name", "is taken: a model named '" + name + "' exists");
    }
    return get(name);
  }

  @Transactional(readOnly = true)
  public ModelPage list(String project, String q, int page, int size) {
    List<ModelResponse> items = registry.listModels(project, q, page, size).stream().map(this::response).toList();
    return new ModelPage(items, page, size, registry.countModels(project, q));
  }

  @Transactional(readOnly = true)
  public ModelResponse get(String name) {
    return response(model(name));
  }

  @Transactional
  public ModelResponse update(String name, JsonNode body, Caller caller) {
    List<FieldError> errors = new ArrayList<>();
    requireObject(body, "description");
    JsonFields.rejectUnknown(body, UPDATE_FIELDS, errors);
    String description = description(body, errors);
    throwIfAny(errors);
    RegisteredModel model = model(name);
    caller.requireMayActIn(model.project());
    if (body.has("description")) {
      registry.updateDescription(model.id(), description);
    }
    return get(name);
  }

  /** The artifact must be a model and new to this name; it gets the next number, never one used before. */
  @Transactional
  public VersionResponse register(String name, JsonNode body, Caller caller) {
    List<FieldError> errors = new ArrayList<>();
    requireObject(body, "artifact");
    JsonFields.rejectUnknown(body, VERSION_FIELDS, errors);
    String artifactText = JsonFields.text(body, "artifact", errors);
    String description = description(body, errors);
    Artifact artifact = null;
    if (artifactText != null) {
      Optional<UUID> id = Ids.parse(artifactText);
      artifact = id.flatMap(artifacts::find).orElse(null);
      if (artifact == null) {
        errors.add(new FieldError("$.artifact", "must be the id of a model artifact; '" + artifactText
            + "' is not an artifact of this platform"));
      } else if (!artifact.kind().equals("model")) {
        errors.add(new FieldError("$.artifact", "must be the id of a model artifact; " + artifact.id() + " is a "
            + artifact.kind()));
      }
    }
    throwIfAny(errors);
    RegisteredModel model = lockedModel(name);
    caller.requireMayActIn(model.project());
    UUID artifactId = artifact.id();
    registry.versionOfArtifact(model.id(), artifactId).ifPresent(version -> {
      throw conflict("$.artifact", "is version " + version + " of '" + name + "' already");
    });
    int version = registry.nextVersion(model.id());
    registry.insertVersion(model.id(), version, artifactId, description, caller.name());
    return version(model, version);
  }

  @Transactional(readOnly = true)
  public List<VersionResponse> versions(String name) {
    return registry.versions(model(name).id()).stream().map(this::response).toList();
  }

  @Transactional(readOnly = true)
  public VersionResponse version(String name, String version) {
    RegisteredModel model = model(name);
    return version(model, versionNumber(model, version));
  }

  /** Every registration of the artifact, under any name. */
  @Transactional(readOnly = true)
  public List<VersionResponse> versionsOf(UUID artifactId) {
    artifacts.get(artifactId);
    return registry.versionsOfArtifact(artifactId).stream().map(this::response).toList();
  }

  /** The version the alias names; {@code latest} names the newest. */
  @Transactional(readOnly = true)
  public VersionResponse alias(String name, String alias) {
    RegisteredModel model = model(name);
    return version(model, aliasVersion(model, alias).orElseThrow(() -> noAlias(name, alias)));
  }

  /** Points the alias at the version, recording the move; moving it where it already is records nothing. */
  @Transactional
  public VersionResponse moveAlias(String name, String alias, JsonNode body, Caller caller) {
    List<FieldError> errors = new ArrayList<>();
    checkAlias(alias, errors);
    requireObject(body, "version");
    JsonFields.rejectUnknown(body, ALIAS_FIELDS, errors);
    JsonNode versionNode = body.get("version");
    if (versionNode == null || !versionNode.isInt() || versionNode.asInt() < 1) {
      errors.add(new FieldError("$.version", "is required and must be a positive integer"));
    }
    throwIfAny(errors);
    RegisteredModel model = lockedModel(name);
    caller.requireMayActIn(model.project());
    int version = versionNode.asInt();
    if (version > model.lastVersion()) {
      throw ApiProblem.invalidField("$.version", "must be a version of '" + name + "'; its versions are "
          + (model.lastVersion() == 0 ? "none yet" : "1 to " + model.lastVersion()));
    }
    Optional<Integer> from = registry.aliasVersion(model.id(), alias);
    if (from.isEmpty() || from.get() != version) {
      registry.moveAlias(model.id(), alias, from.orElse(null), version, caller.name());
    }
    return version(model, version);
  }

  /** Deleting the alias is recorded as a move to no version. */
  @Transactional
  public void deleteAlias(String name, String alias, Caller caller) {
    List<FieldError> errors = new ArrayList<>();
    checkAlias(alias, errors);
    throwIfAny(errors);
    RegisteredModel model = lockedModel(name);
    caller.requireMayActIn(model.project());
    int from = registry.aliasVersion(model.id(), alias).orElseThrow(() -> noAlias(name, alias));
    registry.moveAlias(model.id(), alias, from, null, caller.name());
  }

  /** Oldest move first. */
  @Transactional(readOnly = true)
  public List<AliasMove> aliasHistory(String name, String alias) {
    RegisteredModel model = model(name);
    List<AliasMove> moves = ModelUri.ALIAS.matcher(alias).matches() ? registry.aliasHistory(model.id(), alias)
        : List.of();
    if (moves.isEmpty()) {
      throw noAlias(name, alias);
    }
    return moves;
  }

  /**
   * What the reference names now, if the caller may read it.
   *
   * @return the reason it names nothing, as a message for the field that holds it
   */
  Resolution resolve(ModelUri uri, Caller caller) {
    Optional<RegisteredModel> found = registry.findModel(uri.name());
    if (found.isEmpty()) {
      return Resolution.failed("names no registered model: there is no model '" + uri.name() + "'");
    }
    RegisteredModel model = found.get();
    if (!caller.mayActIn(model.project())) {
      return Resolution.failed("names model '" + uri.name() + "' of project '" + model.project() + "', which token '"
          + caller.name() + "' may not reach");
    }
    Optional<Integer> version = uri.version() != null
        ? Optional.of(uri.version()).filter(n -> n <= model.lastVersion())
        : aliasVersion(model, uri.alias());
    if (version.isEmpty()) {
      return Resolution.failed(uri.version() != null
          ? "names no version of '" + uri.name() + "': it has " + versionRange(model)
          : "names no alias of '" + uri.name() + "': it has no alias '" + uri.alias() + "'");
    }
    VersionRow row = registry.findVersion(model.id(), version.get()).orElseThrow();
    return new Resolution(new ModelReference(uri.toString(), row.version(), row.artifactId()), null);
  }

  /** A resolved reference, or why it named nothing. */
  record Resolution(ModelReference reference, String failure) {
    static Resolution failed(String failure) {
      return new Resolution(null, failure);
    }
  }

  private Optional<Integer> aliasVersion(RegisteredModel model, String alias) {
    if (!ModelUri.ALIAS.matcher(alias).matches()) {
      return Optional.empty();
    }
    if (alias.equals(ModelUri.LATEST)) {
      return Optional.of(model.lastVersion()).filter(n -> n > 0);
    }
    return registry.aliasVersion(model.id(), alias);
  }

  private static String versionRange(RegisteredModel model) {
    return model.lastVersion() == 0 ? "no versions yet" : "versions 1 to " + model.lastVersion();
  }

  private static int versionNumber(RegisteredModel model, String text) {
    int version = text.matches("[1-9][0-9]{0,8}") ? Integer.parseInt(text) : 0;
    if (version == 0) {
      throw ApiProblem.invalidField("version", "must be a positive integer");
    }
    if (version > model.lastVersion()) {
      throw new ApiProblem(HttpStatus.NOT_FOUND, ProblemTypes.NOT_FOUND, "Model version not found",
          "Model '" + model.name() + "' has no version " + version + "; it has " + versionRange(model) + ".",
          List.of());
    }
    return version;
  }

  private static void checkAlias(String alias, List<FieldError> errors) {
    if (!ModelUri.ALIAS.matcher(alias).matches()) {
      errors.add(new FieldError("alias", ModelUri.ALIAS_RULE));
    } else if (alias.equals(ModelUri.LATEST)) {
      errors.add(new FieldError("alias", "'latest' is reserved: it always names the newest version"));
    }
  }

  private ModelResponse response(RegisteredModel model) {
    VersionResponse latest = model.lastVersion() == 0 ? null : version(model, model.lastVersion());
    return new ModelResponse(model.name(), model.project(), model.description(), model.createdAt(),
        model.createdBy(), model.updatedAt(), latest, registry.aliases(model.id()));
  }

  private VersionResponse version(RegisteredModel model, int version) {
    return response(registry.findVersion(model.id(), version).orElseThrow());
  }

  private VersionResponse response(VersionRow row) {
    return new VersionResponse(row.name(), row.version(), row.description(), artifacts.get(row.artifactId()),
        row.run(), row.createdAt(), row.createdBy(), row.aliases());
  }

  /** A name that breaks the naming rule names no model; it never reaches the database (a NUL would fail there). */
  private RegisteredModel model(String name) {
    return validName(name).flatMap(registry::findModel).orElseThrow(() -> noModel(name));
  }

  private RegisteredModel lockedModel(String name) {
    return validName(name).flatMap(registry::lockModel).orElseThrow(() -> noModel(name));
  }

  private static Optional<String> validName(String name) {
    return Optional.of(name).filter(text -> ModelUri.NAME.matcher(text).matches());
  }

  private static ApiProblem noModel(String name) {
    return new ApiProblem(HttpStatus.NOT_FOUND, ProblemTypes.NOT_FOUND, "Model not found",
        "No registered model named '" + name + "'.", List.of());
  }

  private static ApiProblem noAlias(String name, String alias) {
    return new ApiProblem(HttpStatus.NOT_FOUND, ProblemTypes.NOT_FOUND, "Alias not found",
        "Model '" + name + "' has no alias '" + alias + "'.", List.of());
  }

  private static ApiProblem conflict(String field, String message) {
    return new ApiProblem(HttpStatus.CONFLICT, ProblemTypes.CONFLICT, "Conflict", field + " " + message,
        List.of(new FieldError(field, message)));
  }

  private static void requireObject(JsonNode body, String fields) {
    if (body == null || !body.isObject()) {
      throw ApiProblem.invalidField("$", "must be a JSON object with " + fields);
    }
  }

  /** The optional {@code description}, or null. */
  private static String description(JsonNode body, List<FieldError> errors) {
    JsonNode value = body.get("description");
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isString() || value.asString().length() > MAX_DESCRIPTION || value.asString().indexOf('\0') >= 0
        || !StorableText.isWellFormed(value.asString())) {
      errors.add(new FieldError("$.description", "must be a string of at most " + MAX_DESCRIPTION
          + " characters without NUL characters"));
      return null;
    }
    return value.asString();
  }

  private static void throwIfAny(List<FieldError> errors) {
    if (!errors.isEmpty()) {
      throw ApiProblem.invalid(SubmissionParser.summary(errors), errors);
    }
  }
}
