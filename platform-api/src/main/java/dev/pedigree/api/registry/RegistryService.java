package dev.pedigree.api.registry;

import dev.pedigree.api.artifact.Artifact;
import dev.pedigree.api.artifact.ArtifactService;
import dev.pedigree.api.common.Ids;
import dev.pedigree.api.common.problem.ApiProblem;
import dev.pedigree.api.common.problem.FieldError;
import dev.pedigree.api.common.problem.JsonFields;
import dev.pedigree.api.common.problem.ProblemTypes;
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

/** Model and version use cases. Versions are numbered from the model's counter under its row lock, never deleted. */
@Service
public class RegistryService {
  private static final Set<String> MODEL_FIELDS = Set.of("name", "description", "project");
  private static final Set<String> UPDATE_FIELDS = Set.of("description");
  private static final Set<String> VERSION_FIELDS = Set.of("artifact", "description");

  private final RegistryRepository registry;
  private final TagRepository tags;
  private final ArtifactService artifacts;
  private final SubmissionParser submissions;

  RegistryService(RegistryRepository registry, TagRepository tags, ArtifactService artifacts,
      SubmissionParser submissions) {
    this.registry = registry;
    this.tags = tags;
    this.artifacts = artifacts;
    this.submissions = submissions;
  }

  /** A project-scoped caller's models go into its project by default and may not go anywhere else. */
  @Transactional
  public ModelResponse create(JsonNode body, Caller caller) {
    List<FieldError> errors = new ArrayList<>();
    RegistryBodies.requireObject(body, "name");
    JsonFields.rejectUnknown(body, MODEL_FIELDS, errors);
    String name = JsonFields.text(body, "name", errors);
    if (name != null && !ModelUri.isName(name)) {
      errors.add(new FieldError("$.name", ModelUri.NAME_RULE));
    }
    String description = RegistryBodies.description(body, errors);
    String defaultProject = caller.project() == null ? "default" : caller.project();
    String project = body.has("project") ? submissions.project(body, errors) : defaultProject;
    RegistryBodies.throwIfAny(errors);
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

  /** For MLflow's searches. */
  @Transactional(readOnly = true)
  public List<ModelResponse> search(RegistryQuery query, long offset, int limit) {
    return registry.searchModels(query, offset, limit).stream().map(this::response).toList();
  }

  /** For MLflow's searches. */
  @Transactional(readOnly = true)
  public List<VersionResponse> searchVersions(RegistryQuery query, long offset, int limit) {
    return registry.searchVersions(query, offset, limit).stream().map(this::response).toList();
  }

  @Transactional(readOnly = true)
  public ModelResponse get(String name) {
    return response(model(name));
  }

  @Transactional
  public ModelResponse update(String name, JsonNode body, Caller caller) {
    String description = updatedDescription(body);
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
    RegistryBodies.requireObject(body, "artifact");
    JsonFields.rejectUnknown(body, VERSION_FIELDS, errors);
    String artifactText = JsonFields.text(body, "artifact", errors);
    String description = RegistryBodies.description(body, errors);
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
    RegistryBodies.throwIfAny(errors);
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

  /** Only a version's description changes: its artifact is what it is. */
  @Transactional
  public VersionResponse updateVersion(String name, String version, JsonNode body, Caller caller) {
    String description = updatedDescription(body);
    RegisteredModel model = model(name);
    int number = versionNumber(model, version);
    caller.requireMayActIn(model.project());
    if (body.has("description")) {
      registry.updateVersionDescription(model.id(), number, description);
      registry.touch(model.id(), null);
    }
    return version(model, number);
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

  /** The version the alias names now; {@code latest} names the newest. */
  Optional<Integer> aliasVersion(RegisteredModel model, String alias) {
    if (!ModelUri.ALIAS.matcher(alias).matches()) {
      return Optional.empty();
    }
    if (alias.equals(ModelUri.LATEST)) {
      return Optional.of(model.lastVersion()).filter(n -> n > 0);
    }
    return registry.aliasVersion(model.id(), alias);
  }

  /** The {@code description} of an update body, which takes nothing else; null clears it. */
  private static String updatedDescription(JsonNode body) {
    List<FieldError> errors = new ArrayList<>();
    RegistryBodies.requireObject(body, "description");
    JsonFields.rejectUnknown(body, UPDATE_FIELDS, errors);
    String description = RegistryBodies.description(body, errors);
    RegistryBodies.throwIfAny(errors);
    return description;
  }

  static String versionRange(RegisteredModel model) {
    return model.lastVersion() == 0 ? "no versions yet" : "versions 1 to " + model.lastVersion();
  }

  static int versionNumber(RegisteredModel model, String text) {
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

  private ModelResponse response(RegisteredModel model) {
    VersionResponse latest = model.lastVersion() == 0 ? null : version(model, model.lastVersion());
    return new ModelResponse(model.name(), model.project(), model.description(), model.createdAt(),
        model.createdBy(), model.updatedAt(), latest, registry.aliases(model.id()), tags.modelTags(model.id()));
  }

  VersionResponse version(RegisteredModel model, int version) {
    return response(registry.findVersion(model.id(), version).orElseThrow());
  }

  VersionResponse response(VersionRow row) {
    return new VersionResponse(row.name(), row.version(), row.description(), artifacts.get(row.artifactId()),
        row.run(), row.createdAt(), row.createdBy(), row.aliases(), row.stage(), row.updatedAt(), row.tags());
  }

  /** A name that breaks the naming rule names no model; it never reaches the database (a NUL would fail there). */
  RegisteredModel model(String name) {
    return validName(name).flatMap(registry::findModel).orElseThrow(() -> noModel(name));
  }

  /** The model's row, locked until the transaction ends. */
  RegisteredModel lockedModel(String name) {
    return validName(name).flatMap(registry::lockModel).orElseThrow(() -> noModel(name));
  }

  private static Optional<String> validName(String name) {
    return Optional.of(name).filter(ModelUri::isName);
  }

  private static ApiProblem noModel(String name) {
    return new ApiProblem(HttpStatus.NOT_FOUND, ProblemTypes.NOT_FOUND, "Model not found",
        "No registered model named '" + name + "'.", List.of());
  }

  private static ApiProblem conflict(String field, String message) {
    return new ApiProblem(HttpStatus.CONFLICT, ProblemTypes.CONFLICT, "Conflict", field + " " + message,
        List.of(new FieldError(field, message)));
  }
}
