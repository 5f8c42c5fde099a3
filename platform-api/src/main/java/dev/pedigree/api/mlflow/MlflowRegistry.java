package dev.pedigree.api.mlflow;

import dev.pedigree.api.artifact.Artifact;
import dev.pedigree.api.mlflow.MlflowJson.AliasJson;
import dev.pedigree.api.mlflow.MlflowJson.ModelVersionJson;
import dev.pedigree.api.mlflow.MlflowJson.ModelVersionsPage;
import dev.pedigree.api.mlflow.MlflowJson.RegisteredModelJson;
import dev.pedigree.api.mlflow.MlflowJson.RegisteredModelsPage;
import dev.pedigree.api.registry.AliasService;
import dev.pedigree.api.registry.ModelResponse;
import dev.pedigree.api.registry.RegistryService;
import dev.pedigree.api.registry.VersionResponse;
import dev.pedigree.api.security.Caller;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.web.ErrorResponseException;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * MLflow's model registry over Pedigree's: the same models, versions and aliases as {@code /api/v1/models}, through
 * the same services, in MLflow's shapes. Every version is in stage "None" (MLflow deprecated stages for aliases in
 * 2.9) and READY (a version is a model artifact that exists).
 */
@Service
class MlflowRegistry {
  private static final int MAX_MODELS = 1000;
  private static final int MAX_VERSIONS = 200_000;
  private static final String NO_STAGE = "None";

  private final RegistryService registry;
  private final AliasService aliases;
  private final ModelSources sources;

  MlflowRegistry(RegistryService registry, AliasService aliases, ModelSources sources) {
    this.registry = registry;
    this.aliases = aliases;
    this.sources = sources;
  }

  RegisteredModelJson create(MlflowRequest request, Caller caller) {
    String name = request.requiredString("name");
    refuseTags(request, "Registered model");
    ObjectNode body = object().put("name", name);
    copyDescription(request, body);
    return json(alreadyExistsOnConflict(() -> registry.create(body, caller)));
  }

  RegisteredModelJson model(String name) {
    return json(registry.get(name));
  }

  RegisteredModelJson update(MlflowRequest request, Caller caller) {
    ObjectNode body = object();
    copyDescription(request, body);
    return json(registry.update(request.requiredString("name"), body, caller));
  }

  /** By name; a project token sees its project's models only. */
  RegisteredModelsPage search(MlflowRequest request, Caller caller) {
    Search search = Search.of(request, false, 100, MAX_MODELS);
    return search.page((offset, limit) -> registry.search(project(caller), search.filter().name(), offset, limit),
        MlflowRegistry::json, RegisteredModelsPage::new);
  }

  /** The newest version, when the stages asked for include "None", the stage of every version. */
  List<ModelVersionJson> latestVersions(MlflowRequest request) {
    ModelResponse model = registry.get(request.requiredString("name"));
    List<String> stages = request.strings("stages");
    boolean none = stages.isEmpty() || stages.stream().anyMatch(NO_STAGE::equalsIgnoreCase);
    return model.latestVersion() == null || !none ? List.of() : List.of(json(model.latestVersion()));
  }

  void setAlias(MlflowRequest request, Caller caller) {
    aliases.moveAlias(request.requiredString("name"), request.requiredString("alias"),
        object().put("version", version(request)), caller);
  }

  void deleteAlias(MlflowRequest request, Caller caller) {
    aliases.deleteAlias(request.requiredString("name"), request.requiredString("alias"), caller);
  }

  ModelVersionJson alias(String name, String alias) {
    return json(aliases.alias(name, alias));
  }

  ModelVersionJson createVersion(MlflowRequest request, Caller caller) {
    String name = request.requiredString("name");
    refuseTags(request, "Model version");
    Artifact model = sources.model(request.requiredString("source"), request.string("run_id"));
    ObjectNode body = object().put("artifact", model.id().toString());
    copyDescription(request, body);
    return json(alreadyExistsOnConflict(() -> registry.register(name, body, caller)));
  }

  ModelVersionJson version(String name, String version) {
    return json(registry.version(name, version));
  }

  ModelVersionJson updateVersion(MlflowRequest request, Caller caller) {
    ObjectNode body = object();
    copyDescription(request, body);
    return json(registry.updateVersion(request.requiredString("name"), Integer.toString(version(request)), body,
        caller));
  }

  /** By model name, then newest first; a project token sees its project's versions only. */
  ModelVersionsPage searchVersions(MlflowRequest request, Caller caller) {
    Search search = Search.of(request, true, 10_000, MAX_VERSIONS);
    RegistryFilter filter = search.filter();
    return search.page((offset, limit) -> registry.searchVersions(project(caller), filter.name(), filter.run(),
        offset, limit), MlflowRegistry::json, ModelVersionsPage::new);
  }

  /** The version's model artifact. */
  Artifact artifact(String name, String version) {
    return registry.version(name, version).artifact();
  }

  static RegisteredModelJson json(ModelResponse model) {
    return new RegisteredModelJson(model.name(), model.createdAt().toEpochMilli(), model.updatedAt().toEpochMilli(),
        model.createdBy(), model.description(),
        model.latestVersion() == null ? List.of() : List.of(json(model.latestVersion())), List.of(),
        model.aliases().stream().map(target -> new AliasJson(target.alias(), Integer.toString(target.version())))
            .toList());
  }

  /** A version's description may change, but Pedigree keeps no time of that: it was last updated when created. */
  static ModelVersionJson json(VersionResponse version) {
    long created = version.createdAt().toEpochMilli();
    return new ModelVersionJson(version.name(), Integer.toString(version.version()), created, created,
        version.createdBy(), NO_STAGE, version.description(), ModelSources.source(version.artifact().id()),
        version.run() == null ? null : RunIds.format(version.run().id()), "READY", List.of(), "",
        version.aliases());
  }

  /** The registry answers a taken name, or an artifact that is a version already, with 409; MLflow with this. */
  private static <T> T alreadyExistsOnConflict(Supplier<T> write) {
    try {
      return write.get();
    } catch (ErrorResponseException e) {
      if (e.getStatusCode().value() != HttpStatus.CONFLICT.value()) {
        throw e;
      }
      throw MlflowException.alreadyExists(e.getBody().getDetail());
    }
  }

  private static int version(MlflowRequest request) {
    long version = request.requiredInt64("version");
    if (version < 1 || version > Integer.MAX_VALUE) {
      throw MlflowException.invalid("Invalid value " + version + " for parameter 'version' supplied: a version is a"
          + " positive integer.");
    }
    return (int) version;
  }

  private static void copyDescription(MlflowRequest request, ObjectNode body) {
    String description = request.string("description");
    if (description != null) {
      body.put("description", description);
    }
  }

  /** Pedigree's registry keeps no tags; refused rather than dropped. */
  private static void refuseTags(MlflowRequest request, String what) {
    if (!request.keyValues("tags").isEmpty()) {
      throw MlflowException.invalid(what + " tags are not supported by Pedigree.");
    }
  }

  private static String project(Caller caller) {
    return caller == null ? null : caller.project();
  }

  private static ObjectNode object() {
    return JsonNodeFactory.instance.objectNode();
  }

  /** A search's filter and page. */
  private record Search(RegistryFilter filter, long offset, int limit) {
    static Search of(MlflowRequest request, boolean versions, int absentLimit, int maxLimit) {
      RegistryFilter filter = RegistryFilter.parse(request.string("filter"), versions);
      if (!request.strings("order_by").isEmpty()) {
        throw MlflowException.invalid("Pedigree's registry search takes no order_by: models come by name, versions"
            + " by model name and then newest first.");
      }
      return new Search(filter, Page.offset(request.string("page_token")),
          Page.maxResults(request, absentLimit, maxLimit));
    }

    /**
     * @param fetch the items from an offset, at most a limit of them
     * @param page the MLflow page of the items' JSON and the next page's token
     */
    <T, J, P> P page(BiFunction<Long, Integer, List<T>> fetch, Function<T, J> json,
        BiFunction<List<J>, String, P> page) {
      // One more than the page tells that more follow.
      Page<T> items = Page.of(filter.none() ? List.of() : fetch.apply(offset, limit + 1), limit, offset);
      return page.apply(items.items().stream().map(json).toList(), items.nextPageToken());
    }
  }
}
