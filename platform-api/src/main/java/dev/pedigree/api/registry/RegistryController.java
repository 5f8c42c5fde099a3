package dev.pedigree.api.registry;

import dev.pedigree.api.common.problem.ApiProblem;
import dev.pedigree.api.common.problem.FieldError;
import dev.pedigree.api.common.problem.QueryParameters;
import dev.pedigree.api.security.Caller;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/** The model registry: named models, numbered versions of model artifacts, movable aliases, tags and stages. */
@RestController
@RequestMapping("/api/v1")
class RegistryController {
  private static final int MAX_PAGE_SIZE = 200;

  private final RegistryService registry;
  private final AliasService aliases;
  private final StageService stages;
  private final TagService tags;

  RegistryController(RegistryService registry, AliasService aliases, StageService stages, TagService tags) {
    this.registry = registry;
    this.aliases = aliases;
    this.stages = stages;
    this.tags = tags;
  }

  @PostMapping("/models")
  ResponseEntity<ModelResponse> create(@RequestBody JsonNode body, @RequestAttribute(Caller.ATTRIBUTE) Caller caller) {
    ModelResponse model = registry.create(body, caller);
    return ResponseEntity.created(URI.create("/api/v1/models/" + model.name())).body(model);
  }

  /** Newest first, each with its latest version and aliases; {@code q} matches part of the name. */
  @GetMapping("/models")
  ModelPage list(
      @RequestParam(required = false) String project,
      @RequestParam(required = false) String q,
      @RequestParam(defaultValue = "0") String page,
      @RequestParam(defaultValue = "50") String size) {
    List<FieldError> errors = new ArrayList<>();
    int pageNumber = QueryParameters.integer("page", page, 0, 1_000_000, errors);
    int pageSize = QueryParameters.integer("size", size, 1, MAX_PAGE_SIZE, errors);
    String projectFilter = filter("project", project, errors);
    String nameFilter = filter("q", q, errors);
    if (!errors.isEmpty()) {
      throw ApiProblem.invalid("Invalid query parameters.", errors);
    }
    return registry.list(projectFilter, nameFilter, pageNumber, pageSize);
  }

  @GetMapping("/models/{name}")
  ModelResponse get(@PathVariable String name) {
    return registry.get(name);
  }

  @PatchMapping("/models/{name}")
  ModelResponse update(@PathVariable String name, @RequestBody JsonNode body,
      @RequestAttribute(Caller.ATTRIBUTE) Caller caller) {
    return registry.update(name, body, caller);
  }

  @PostMapping("/models/{name}/versions")
  ResponseEntity<VersionResponse> register(@PathVariable String name, @RequestBody JsonNode body,
      @RequestAttribute(Caller.ATTRIBUTE) Caller caller) {
    VersionResponse version = registry.register(name, body, caller);
    return ResponseEntity.created(URI.create("/api/v1/models/" + name + "/versions/" + version.version()))
        .body(version);
  }

  /** Newest first. */
  @GetMapping("/models/{name}/versions")
  List<VersionResponse> versions(@PathVariable String name) {
    return registry.versions(name);
  }

  @GetMapping("/models/{name}/versions/{version}")
  VersionResponse version(@PathVariable String name, @PathVariable String version) {
    return registry.version(name, version);
  }

  /** Every stage transition of the version (MLflow's transition-stage), oldest first. */
  @GetMapping("/models/{name}/versions/{version}/stage-history")
  List<StageTransition> stageHistory(@PathVariable String name, @PathVariable String version) {
    return stages.history(name, version);
  }

  /** Moves the version to {@code stage}; with {@code archiveExisting}, the model's other versions there to Archived. */
  @PostMapping("/models/{name}/versions/{version}/stage")
  VersionResponse transitionStage(@PathVariable String name, @PathVariable String version, @RequestBody JsonNode body,
      @RequestAttribute(Caller.ATTRIBUTE) Caller caller) {
    return stages.transition(name, version, StageChange.fromBody(body), caller);
  }

  /** Every stage transition of every version of the model, oldest first. */
  @GetMapping("/models/{name}/stage-history")
  List<StageTransition> modelStageHistory(@PathVariable String name) {
    return stages.history(name);
  }

  @PutMapping("/models/{name}/tags/{key}")
  ModelResponse setModelTag(@PathVariable String name, @PathVariable String key, @RequestBody JsonNode body,
      @RequestAttribute(Caller.ATTRIBUTE) Caller caller) {
    tags.setModelTag(name, key, TagService.value(key, body), caller);
    return registry.get(name);
  }

  /** Deleting a tag the model does not have changes nothing. */
  @DeleteMapping("/models/{name}/tags/{key}")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  void deleteModelTag(@PathVariable String name, @PathVariable String key,
      @RequestAttribute(Caller.ATTRIBUTE) Caller caller) {
    tags.deleteModelTag(name, key, caller);
  }

  @PutMapping("/models/{name}/versions/{version}/tags/{key}")
  VersionResponse setVersionTag(@PathVariable String name, @PathVariable String version, @PathVariable String key,
      @RequestBody JsonNode body, @RequestAttribute(Caller.ATTRIBUTE) Caller caller) {
    tags.setVersionTag(name, version, key, TagService.value(key, body), caller);
    return registry.version(name, version);
  }

  /** Deleting a tag the version does not have changes nothing. */
  @DeleteMapping("/models/{name}/versions/{version}/tags/{key}")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  void deleteVersionTag(@PathVariable String name, @PathVariable String version, @PathVariable String key,
      @RequestAttribute(Caller.ATTRIBUTE) Caller caller) {
    tags.deleteVersionTag(name, version, key, caller);
  }

  /** {@code latest} always names the newest version. */
  @GetMapping("/models/{name}/aliases/{alias}")
  VersionResponse alias(@PathVariable String name, @PathVariable String alias) {
    return aliases.alias(name, alias);
  }

  @PutMapping("/models/{name}/aliases/{alias}")
  VersionResponse moveAlias(@PathVariable String name, @PathVariable String alias, @RequestBody JsonNode body,
      @RequestAttribute(Caller.ATTRIBUTE) Caller caller) {
    return aliases.moveAlias(name, alias, body, caller);
  }

  @DeleteMapping("/models/{name}/aliases/{alias}")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  void deleteAlias(@PathVariable String name, @PathVariable String alias,
      @RequestAttribute(Caller.ATTRIBUTE) Caller caller) {
    aliases.deleteAlias(name, alias, caller);
  }

  /** Every move of the alias, oldest first: who moved it, when, from which version to which (null: deleted). */
  @GetMapping("/models/{name}/aliases/{alias}/history")
  List<AliasMove> aliasHistory(@PathVariable String name, @PathVariable String alias) {
    return aliases.aliasHistory(name, alias);
  }

  /** The registry versions that hold the artifact, under any name. */
  @GetMapping("/artifacts/{id}/model-versions")
  List<VersionResponse> versionsOf(@PathVariable UUID id) {
    return registry.versionsOf(id);
  }

  /** A blank filter is none; control characters match nothing, and a NUL is an error to Postgres. */
  private static String filter(String name, String value, List<FieldError> errors) {
    if (value == null || value.isBlank()) {
      return null;
    }
    if (value.length() > 200 || value.chars().anyMatch(Character::isISOControl)) {
      errors.add(new FieldError(name, "must be at most 200 characters without control characters"));
    }
    return value;
  }
}
