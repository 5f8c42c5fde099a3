package dev.pedigree.api.artifact;

import dev.pedigree.api.common.problem.ApiProblem;
import dev.pedigree.api.common.problem.FieldError;
import dev.pedigree.api.common.problem.JsonFields;
import dev.pedigree.api.common.problem.StorableText;
import dev.pedigree.workers.store.ArtifactStore;
import dev.pedigree.workflows.run.InputModel;
import dev.pedigree.workflows.spec.InputCompatibility;
import dev.pedigree.workflows.spec.ModelInput;
import dev.pedigree.workflows.spec.SegmentSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import org.springframework.stereotype.Service;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

@Service
public class ArtifactService {
  /** The kinds a worker may register; {@code reward} artifacts are the platform's own ({@link RewardArtifacts}). */
  private static final Set<String> KINDS = Set.of("model", "dataset", "tokenizer", "checkpoint", "scorer");
  private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

  private static final int MAX_DEPTH = 50;

  private final ArtifactRepository artifacts;
  private final LineageRepository lineage;
  private final JsonMapper json;
  private final ArtifactStore store;

  ArtifactService(ArtifactRepository artifacts, LineageRepository lineage, JsonMapper json, ArtifactStore store) {
    this.artifacts = artifacts;
    this.lineage = lineage;
    this.json = json;
    this.store = store;
  }

  public Lineage lineage(UUID id, String direction, String depth) {
    get(id);
    List<FieldError> errors = new ArrayList<>();
    if (!direction.equals("up") && !direction.equals("down")) {
      errors.add(new FieldError("direction", "must be up or down"));
    }
    int levels = depth.matches("\\d{1,3}") ? Integer.parseInt(depth) : -1;
    if (levels < 1 || levels > MAX_DEPTH) {
      errors.add(new FieldError("depth", "must be an integer between 1 and " + MAX_DEPTH));
    }
    if (!errors.isEmpty()) {
      throw ApiProblem.invalid("Invalid lineage query.", errors);
    }
    return lineage.walk(id, direction.equals("up"), levels);
  }

  public Artifact get(UUID id) {
    return find(id).orElseThrow(() -> ApiProblem.notFound("Artifact", id));
  }

  public Optional<Artifact> find(UUID id) {
    return artifacts.find(id).map(this::withContent);
  }

  public List<Artifact> producedBy(UUID runId) {
    return artifacts.producedBy(runId).stream().map(this::withContent).toList();
  }

  public List<Artifact> inputsOf(UUID runId) {
    return artifacts.inputsOf(runId).stream().map(this::withContent).toList();
  }

  /**
   * A file of the artifact store is the artifact's content. A dataset never is: its sha256 is that of its recipe, or of
   * its files' digests, never of one file's bytes.
   */
  private Artifact withContent(Artifact artifact) {
    return !artifact.kind().equals("dataset") && store.owns(artifact.uri())
        ? artifact.withContentUrl("/api/v1/artifacts/" + artifact.id() + "/content") : artifact;
  }

  /**
   * The model artifacts a spec names, checked to exist, to be models, and to share what the run needs them to share.
   *
   * @throws ApiProblem 400 naming each spec field whose artifact does not fit
   */
  public List<InputModel> resolveModels(List<ModelInput> inputs, InputCompatibility compatibility) {
    List<FieldError> errors = new ArrayList<>();
    List<InputModel> models = resolveModels(inputs, compatibility, errors);
    if (!errors.isEmpty()) {
      throw ApiProblem.invalid("The spec names artifacts that cannot be this run's models.", errors);
    }
    return models;
  }

  /** Like {@link #resolveModels(List, InputCompatibility)}, adding an error per bad input to {@code errors}. */
  public List<InputModel> resolveModels(List<ModelInput> inputs, InputCompatibility compatibility,
      List<FieldError> errors) {
    List<InputModel> models = new ArrayList<>();
    ModelInput first = null;
    JsonNode firstDescription = null;
    for (ModelInput input : inputs) {
      UUID id = uuid(input.artifact());
      Artifact artifact = id == null ? null : artifacts.find(id).orElse(null);
      String kind = SegmentSpec.startsFrom(input) ? "checkpoint" : "model";
      if (artifact == null) {
        errors.add(new FieldError(input.field(), "must be the id of a " + kind + " artifact; " + input.artifact()
            + " is not an artifact of this platform"));
      } else if (!artifact.kind().equals(kind)) {
        errors.add(new FieldError(input.field(), "must be the id of a " + kind + " artifact; " + id + " is a "
            + artifact.kind()));
      } else if (SegmentSpec.startsFrom(input)) {
        // Whether its model and data fit is checked by the engine, against the spec the checkpoint froze.
        models.add(new InputModel(input.role(), id, artifact.uri(), artifact.sha256()));
      } else {
        JsonNode description = json.readTree(artifact.metadata());
        if (first == null) {
          first = input;
          firstDescription = description;
        } else {
          String mismatch = mismatch(compatibility, description, firstDescription);
          if (mismatch != null) {
            errors.add(new FieldError(input.field(), "names a model with another " + mismatch + " than "
                + first.field() + " (" + description.path(mismatch) + " vs " + firstDescription.path(mismatch)
                + "); this run's models must share " + (compatibility == InputCompatibility.ARCHITECTURE
                ? "one architecture and one tokenizer" : "one tokenizer")));
          }
        }
        models.add(new InputModel(input.role(), id, artifact.uri(), artifact.sha256()));
      }
    }
    return models;
  }

  /**
   * Which recorded property of two model descriptions differs where the run needs it equal: {@code tokenizerSha256} or
   * {@code architecture}; null when they fit, or when a model was registered without a description.
   */
  private static String mismatch(InputCompatibility compatibility, JsonNode model, JsonNode first) {
    List<String> shared = switch (compatibility) {
      case NONE -> List.of();
      case TOKENIZER -> List.of("tokenizerSha256");
      case ARCHITECTURE -> List.of("tokenizerSha256", "architecture");
    };
    for (String property : shared) {
      if (model.has(property) && first.has(property) && !model.get(property).equals(first.get(property))) {
        return property;
      }
    }
    return null;
  }

  private static UUID uuid(String text) {
    try {
      return text == null ? null : UUID.fromString(text);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /** The caller has checked that the run exists. */
  public Artifact registerForRun(UUID runId, ArtifactRegistration registration) {
    List<FieldError> errors = new ArrayList<>();
    JsonFields.oneOf("$.kind", registration.kind(), KINDS, errors);
    text(errors, "$.name", registration.name(), 200);
    text(errors, "$.uri", registration.uri(), 2000);
    text(errors, "$.format", registration.format(), 50);
    if (registration.sha256() == null || !SHA256.matcher(registration.sha256()).matches()) {
      errors.add(new FieldError("$.sha256", "must be 64 lowercase hex digits"));
    }
    if (registration.bytes() == null || registration.bytes() < 0) {
      errors.add(new FieldError("$.bytes", "must be a non-negative number"));
    }
    Map<String, Object> metadata = registration.metadata() == null ? Map.of() : registration.metadata();
    if (unstorable(metadata)) {
      errors.add(new FieldError("$.metadata",
          "must not contain NUL characters or unpaired UTF-16 surrogates (Postgres jsonb cannot store them)"));
    }
    if (metadata.get("recipe") instanceof Map<?, ?> recipe) {
      subsetRecipe(errors, recipe);
    }
    if (!errors.isEmpty()) {
      throw ApiProblem.invalid("The artifact registration has invalid fields.", errors);
    }
    return withContent(artifacts.registerForRun(runId, registration, json.writeValueAsString(metadata)));
  }

  /** The recipe fields a selected subset's lineage is drawn from, when present, must have their shapes. */
  private static void subsetRecipe(List<FieldError> errors, Map<?, ?> recipe) {
    Object sources = recipe.get("fromSources");
    if (sources != null && !(sources instanceof List<?> list && list.stream().allMatch(ArtifactService::namesSource))) {
      errors.add(new FieldError("$.metadata.recipe.fromSources", "must be an array of {name, sha256} objects"));
    }
    Object target = recipe.get("target");
    if (target != null && !namesSource(target)) {
      errors.add(new FieldError("$.metadata.recipe.target", "must be a {name, sha256} object"));
    }
    Object references = recipe.get("references");
    if (references != null
        && !(references instanceof List<?> list && list.stream().allMatch(String.class::isInstance))) {
      errors.add(new FieldError("$.metadata.recipe.references", "must be an array of artifact ids"));
    }
  }

  private static boolean namesSource(Object value) {
    return value instanceof Map<?, ?> source && source.get("name") instanceof String
        && source.get("sha256") instanceof String;
  }

  private static boolean unstorable(Object value) {
    if (value instanceof String text) {
      return text.indexOf('\0') >= 0 || !StorableText.isWellFormed(text);
    }
    if (value instanceof Map<?, ?> map) {
      return map.entrySet().stream().anyMatch(entry -> unstorable(entry.getKey()) || unstorable(entry.getValue()));
    }
    return value instanceof List<?> list && list.stream().anyMatch(ArtifactService::unstorable);
  }

  private static void text(List<FieldError> errors, String field, String value, int maxLength) {
    if (!StorableText.isLabel(value, maxLength)) {
      errors.add(new FieldError(field,
          "must be a non-empty string of at most " + maxLength
          + " characters of well-formed text without control characters"));
    }
  }
}
