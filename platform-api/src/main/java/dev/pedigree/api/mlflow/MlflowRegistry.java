package dev.pedigree.api.mlflow;

import dev.pedigree.api.artifact.Artifact;
import dev.pedigree.api.mlflow.MlflowJson.AliasJson;
import dev.pedigree.api.mlflow.MlflowJson.KeyValue;
import dev.pedigree.api.mlflow.MlflowJson.ModelVersionJson;
import dev.pedigree.api.mlflow.MlflowJson.ModelVersionsPage;
import dev.pedigree.api.mlflow.MlflowJson.RegisteredModelJson;
import dev.pedigree.api.mlflow.MlflowJson.RegisteredModelsPage;
import dev.pedigree.api.registry.AliasService;
import dev.pedigree.api.registry.ModelResponse;
import dev.pedigree.api.registry.RegistryOrder;
import dev.pedigree.api.registry.RegistryOrder.Field;
import dev.pedigree.api.registry.RegistryQuery;
import dev.pedigree.api.registry.RegistryService;
import dev.pedigree.api.registry.Stage;
import dev.pedigree.api.registry.StageChange;
import dev.pedigree.api.registry.StageService;
import dev.pedigree.api.registry.TagService;
import dev.pedigree.api.registry.VersionResponse;
import dev.pedigree.api.security.Caller;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.ErrorResponseException;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * MLflow's model registry over Pedigree's: the same models, versions, aliases, tags and stages as
 * {@code /api/v1/models}, through the same services, in MLflow's shapes. Every version is READY (a version is a model
 * artifact that exists).
 */
@Service
class MlflowRegistry {
  private static final int MAX_MODELS = 1000;
  private static final int MAX_VERSIONS = 200_000;
  private static final Map<String, Field> MODEL_ORDER =
      Map.of("name", Field.NAME, "last_updated_timestamp", Field.UPDATED);
  private static final Map<String, Field> VERSION_ORDER = Map.of("name", Field.NAME, "version_number", Field.VERSION,
      "creation_timestamp", Field.CREATED, "last_updated_timestamp", Field.UPDATED);

  private final RegistryService registry;
  private final AliasService aliases;
  private final TagService tags;
  private final StageService stages;
  private final ModelSources sources;

  MlflowRegistry(RegistryService registry, AliasService aliases, TagService tags, StageService stages,
      ModelSources sources) {
    this.registry = registry;
    this.aliases = aliases;
    this.tags = tags;
    this.stages = stages;
    this.sources = sources;
  }

  @Transactional
  RegisteredModelJson create(MlflowRequest request, Caller caller) {
    String name = request.requiredString("name");
    Map<String, String> modelTags = checkedTags(request);
    ObjectNode body = object().put("name", name);
    copyDescription(request, body);
    alreadyExistsOnConflict(() -> registry.create(body, caller));
    modelTags.forEach((key, value) -> tags.setModelTag(name, key, value, caller));
    return model(name);
  }

  RegisteredModelJson model(String name) {
    return json(registry.get(name));
  }

  RegisteredModelJson update(MlflowRequest request, Caller caller) {
    ObjectNode body = object();
    copyDescription(request, body);
    return json(registry.update(request.requiredString("name"), body, caller));
  }

  /** A project token sees its project's models only. */
  RegisteredModelsPage search(MlflowRequest request, Caller caller) {
    Search search = Search.of(request, caller, false, 100, MAX_MODELS);
    return search.page(registry::search, this::json, RegisteredModelsPage::new);
  }

  /** The newest version in each stage asked for, every stage when none is. */
  List<ModelVersionJson> latestVersions(MlflowRequest request) {
    String name = request.requiredString("name");
    List<Stage> wanted = request.strings("stages").stream().map(MlflowRegistry::stage).toList();
    return stages.latestPerStage(name, wanted.isEmpty() ? List.of(Stage.values()) : wanted).stream()
        .map(MlflowRegistry::json).toList();
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

  void setModelTag(MlflowRequest request, Caller caller) {
    tags.setModelTag(request.requiredString("name"), request.requiredString("key"), value(request), caller);
  }

  void deleteModelTag(MlflowRequest request, Caller caller) {
    tags.deleteModelTag(request.requiredString("name"), request.requiredString("key"), caller);
  }

  @Transactional
  ModelVersionJson createVersion(MlflowRequest request, Caller caller) {
    String name = request.requiredString("name");
    Map<String, String> versionTags = checkedTags(request);
    Artifact model = sources.model(request.requiredString("source"), request.string("run_id"));
    ObjectNode body = object().put("artifact", model.id().toString());
    copyDescription(request, body);
    VersionResponse created = alreadyExistsOnConflict(() -> registry.register(name, body, caller));
    String version = Integer.toString(created.version());
    versionTags.forEach((key, value) -> tags.setVersionTag(name, version, key, value, caller));
    return version(name, version);
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

  void setVersionTag(MlflowRequest request, Caller caller) {
    tags.setVersionTag(request.requiredString("name"), Integer.toString(version(request)),
        request.requiredString("key"), value(request), caller);
  }

  void deleteVersionTag(MlflowRequest request, Caller caller) {
    tags.deleteVersionTag(request.requiredString("name"), Integer.toString(version(request)),
        request.requiredString("key"), caller);
  }

  ModelVersionJson transitionStage(MlflowRequest request, Caller caller) {
    String name = request.requiredString("name");
    String version = Integer.toString(version(request));
    return json(stages.transition(name, version,
        StageChange.of(request.requiredString("stage"), request.bool("archive_existing_versions")), caller));
  }

  /** A project token sees its project's versions only. */
  ModelVersionsPage searchVersions(MlflowRequest request, Caller caller) {
    Search search = Search.of(request, caller, true, 10_000, MAX_VERSIONS);
    return search.page(registry::searchVersions, MlflowRegistry::json, ModelVersionsPage::new);
  }

  /** The version's model artifact. */
  Artifact artifact(String name, String version) {
    return registry.version(name, version).artifact();
  }

  /** Its latest versions are the newest in each stage, as in MLflow. */
  private RegisteredModelJson json(ModelResponse model) {
    return new RegisteredModelJson(model.name(), model.createdAt().toEpochMilli(), model.updatedAt().toEpochMilli(),
        model.createdBy(), model.description(),
        stages.latestPerStage(model.name(), List.of(Stage.values())).stream().map(MlflowRegistry::json).toList(),
        KeyValue.of(model.tags()),
        model.aliases().stream().map(target -> new AliasJson(target.alias(), Integer.toString(target.version())))
            .toList());
  }

  static ModelVersionJson json(VersionResponse version) {
    return new ModelVersionJson(version.name(), Integer.toString(version.version()),
        version.createdAt().toEpochMilli(), version.updatedAt().toEpochMilli(), version.createdBy(), version.stage(),
        version.description(), ModelSources.source(version.artifact().id()),
        version.run() == null ? null : RunIds.format(version.run().id()), "READY", KeyValue.of(version.tags()), "",
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

  /** A create request's {@code tags}, checked before anything is written. */
  private static Map<String, String> checkedTags(MlflowRequest request) {
    Map<String, String> tags = request.keyValues("tags");
    TagService.checkAll("tags", tags);
    return tags;
  }

  /** A set-tag request's value; MLflow's clients may leave out an empty one. */
  private static String value(MlflowRequest request) {
    String value = request.string("value");
    return value == null ? "" : value;
  }

  private static Stage stage(String name) {
    return Stage.parse(name).orElseThrow(() -> MlflowException.invalid("Invalid value '" + name
        + "' in parameter 'stages': a stage " + Stage.RULE + "."));
  }

  private static String project(Caller caller) {
    return caller == null ? null : caller.project();
  }

  private static ObjectNode object() {
    return JsonNodeFactory.instance.objectNode();
  }

  /** A search's query and page. */
  private record Search(RegistryQuery query, long offset, int limit) {
    /** @param versions whether the search is of model versions rather than models */
    static Search of(MlflowRequest request, Caller caller, boolean versions, int absentLimit, int maxLimit) {
      RegistryFilter filter = RegistryFilter.parse(request.string("filter"), versions);
      List<RegistryOrder> order = OrderBy.parse(request.strings("order_by"), versions ? VERSION_ORDER : MODEL_ORDER)
          .stream()
          .map(term -> new RegistryOrder(term.key(), term.ascending())).toList();
      return new Search(new RegistryQuery(project(caller), filter.name(), filter.run(), filter.tags(), order),
          Page.offset(request.string("page_token")), Page.maxResults(request, absentLimit, maxLimit));
    }

    /**
     * @param fetch the matches from an offset, at most a limit of them
     * @param page the MLflow page of the items' JSON and the next page's token
     */
    <T, J, P> P page(Fetch<T> fetch, Function<T, J> json, BiFunction<List<J>, String, P> page) {
      // One more than the page tells that more follow.
      Page<T> items = Page.of(fetch.apply(query, offset, limit + 1), limit, offset);
      return page.apply(items.items().stream().map(json).toList(), items.nextPageToken());
    }
  }

  private interface Fetch<T> {
    List<T> apply(RegistryQuery query, long offset, int limit);
  }
}
