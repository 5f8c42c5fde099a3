package dev.pedigree.api.mlflow;

import dev.pedigree.api.artifact.Artifact;
import dev.pedigree.api.mlflow.MlflowJson.ModelVersionsPage;
import dev.pedigree.api.mlflow.MlflowJson.RegisteredModelsPage;
import dev.pedigree.api.security.Caller;
import java.util.Map;
import java.util.Set;
import org.springframework.http.HttpStatus;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * The MLflow Model Registry REST API (2.0) over Pedigree's registry, for {@code MlflowClient}'s registry calls and
 * {@code mlflow.register_model}. Writes take user or admin tokens, and a project token reaches only its project's
 * models, as under {@code /api/v1/models}; reads are open. Searches answer GET, as MLflow's Java client sends them,
 * and POST, as its Python client does.
 */
@RestController
@RequestMapping("/api/2.0/mlflow")
class MlflowRegistryController {
  /** The query parameters MLflow's GET requests repeat for a list. */
  private static final Set<String> REPEATED = Set.of("stages", "order_by");

  private final MlflowRegistry registry;

  MlflowRegistryController(MlflowRegistry registry) {
    this.registry = registry;
  }

  @PostMapping("/registered-models/create")
  Map<String, Object> create(@RequestBody String body, @RequestAttribute(Caller.ATTRIBUTE) Caller caller) {
    return Map.of("registered_model", registry.create(MlflowRequest.parse(body), caller));
  }

  @GetMapping("/registered-models/get")
  Map<String, Object> model(@RequestParam String name) {
    return Map.of("registered_model", registry.model(name));
  }

  @PatchMapping("/registered-models/update")
  Map<String, Object> update(@RequestBody String body, @RequestAttribute(Caller.ATTRIBUTE) Caller caller) {
    return Map.of("registered_model", registry.update(MlflowRequest.parse(body), caller));
  }

  @RequestMapping(path = "/registered-models/search", method = {RequestMethod.GET, RequestMethod.POST})
  RegisteredModelsPage search(@RequestBody(required = false) String body,
      @RequestParam MultiValueMap<String, String> query,
      @RequestAttribute(name = Caller.ATTRIBUTE, required = false) Caller caller) {
    return registry.search(request(body, query), caller);
  }

  @RequestMapping(path = "/registered-models/get-latest-versions", method = {RequestMethod.GET, RequestMethod.POST})
  Map<String, Object> latestVersions(@RequestBody(required = false) String body,
      @RequestParam MultiValueMap<String, String> query) {
    return Map.of("model_versions", registry.latestVersions(request(body, query)));
  }

  @PostMapping("/registered-models/alias")
  Map<String, Object> setAlias(@RequestBody String body, @RequestAttribute(Caller.ATTRIBUTE) Caller caller) {
    registry.setAlias(MlflowRequest.parse(body), caller);
    return Map.of();
  }

  /** MLflow's Python client sends a DELETE's fields as a JSON body; other clients put them in the query. */
  @DeleteMapping("/registered-models/alias")
  Map<String, Object> deleteAlias(@RequestBody(required = false) String body,
      @RequestParam MultiValueMap<String, String> query, @RequestAttribute(Caller.ATTRIBUTE) Caller caller) {
    registry.deleteAlias(request(body, query), caller);
    return Map.of();
  }

  @GetMapping("/registered-models/alias")
  Map<String, Object> alias(@RequestParam String name, @RequestParam String alias) {
    return Map.of("model_version", registry.alias(name, alias));
  }

  @PostMapping("/registered-models/set-tag")
  Map<String, Object> setModelTag(@RequestBody String body, @RequestAttribute(Caller.ATTRIBUTE) Caller caller) {
    registry.setModelTag(MlflowRequest.parse(body), caller);
    return Map.of();
  }

  @DeleteMapping("/registered-models/delete-tag")
  Map<String, Object> deleteModelTag(@RequestBody(required = false) String body,
      @RequestParam MultiValueMap<String, String> query, @RequestAttribute(Caller.ATTRIBUTE) Caller caller) {
    registry.deleteModelTag(request(body, query), caller);
    return Map.of();
  }

  /**
   * Never: the {@code models:/<name>@<alias>} references that runs' inputs and pipelines record name the model, and
   * would name nothing, or another model, after a rename.
   */
  @PostMapping("/registered-models/rename")
  Map<String, Object> rename() {
    throw new MlflowException(HttpStatus.NOT_IMPLEMENTED, "NOT_IMPLEMENTED", "Pedigree's model registry never"
        + " renames registered models: runs' inputs and pipelines record the models:/ references they used by name,"
        + " which would then name nothing or another model; create a model under the new name instead.");
  }

  /**
   * Never: versions are never deleted, so lineage stays whole. MLflow's code for an operation a server does not offer
   * is NOT_IMPLEMENTED (HTTP 501, which its clients do not retry); PERMISSION_DENIED would suggest another token may.
   */
  @DeleteMapping({"/registered-models/delete", "/model-versions/delete"})
  Map<String, Object> delete() {
    throw new MlflowException(HttpStatus.NOT_IMPLEMENTED, "NOT_IMPLEMENTED", "Pedigree's model registry never"
        + " deletes registered models or model versions, so that the lineage of every run that used one stays whole;"
        + " move or delete an alias instead.");
  }

  @PostMapping("/model-versions/create")
  Map<String, Object> createVersion(@RequestBody String body, @RequestAttribute(Caller.ATTRIBUTE) Caller caller) {
    return Map.of("model_version", registry.createVersion(MlflowRequest.parse(body), caller));
  }

  @GetMapping("/model-versions/get")
  Map<String, Object> version(@RequestParam String name, @RequestParam String version) {
    return Map.of("model_version", registry.version(name, version));
  }

  @PatchMapping("/model-versions/update")
  Map<String, Object> updateVersion(@RequestBody String body, @RequestAttribute(Caller.ATTRIBUTE) Caller caller) {
    return Map.of("model_version", registry.updateVersion(MlflowRequest.parse(body), caller));
  }

  @PostMapping("/model-versions/set-tag")
  Map<String, Object> setVersionTag(@RequestBody String body, @RequestAttribute(Caller.ATTRIBUTE) Caller caller) {
    registry.setVersionTag(MlflowRequest.parse(body), caller);
    return Map.of();
  }

  @DeleteMapping("/model-versions/delete-tag")
  Map<String, Object> deleteVersionTag(@RequestBody(required = false) String body,
      @RequestParam MultiValueMap<String, String> query, @RequestAttribute(Caller.ATTRIBUTE) Caller caller) {
    registry.deleteVersionTag(request(body, query), caller);
    return Map.of();
  }

  /** MLflow deprecated stages for aliases in 2.9; older code still moves versions between them. */
  @PostMapping("/model-versions/transition-stage")
  Map<String, Object> transitionStage(@RequestBody String body, @RequestAttribute(Caller.ATTRIBUTE) Caller caller) {
    return Map.of("model_version", registry.transitionStage(MlflowRequest.parse(body), caller));
  }

  @RequestMapping(path = "/model-versions/search", method = {RequestMethod.GET, RequestMethod.POST})
  ModelVersionsPage searchVersions(@RequestBody(required = false) String body,
      @RequestParam MultiValueMap<String, String> query,
      @RequestAttribute(name = Caller.ATTRIBUTE, required = false) Caller caller) {
    return registry.searchVersions(request(body, query), caller);
  }

  /**
   * Where the version's bytes download from this API; an artifact that is no file of Pedigree's store (one a worker
   * registered from elsewhere) downloads from its own URI.
   */
  @GetMapping("/model-versions/get-download-uri")
  Map<String, String> downloadUri(@RequestParam String name, @RequestParam String version) {
    Artifact model = registry.artifact(name, version);
    return Map.of("artifact_uri", model.contentUrl() == null ? model.uri()
        : ServletUriComponentsBuilder.fromCurrentContextPath().path(model.contentUrl()).toUriString());
  }

  private static MlflowRequest request(String body, MultiValueMap<String, String> query) {
    return body == null || body.isBlank() ? MlflowRequest.ofQuery(query, REPEATED) : MlflowRequest.parse(body);
  }
}
