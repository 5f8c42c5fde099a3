package dev.pedigree.workers.engine.data;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.pedigree.workers.engine.tokenizer.Tokenizer;
import dev.pedigree.workflows.spec.DataSpec;
import dev.pedigree.workflows.spec.DomainSpec;
import dev.pedigree.workflows.spec.SelectionSpec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A source a run learns from, as the platform records it: a dataset artifact with a lineage edge to the model. A
 * generated source is named by its recipe (generators are deterministic, so the recipe is the content) and its sha256
 * is that of the recipe's canonical JSON; a file source's sha256 is over its files' sha256s.
 *
 * A subset that a selection strategy keeps is a source of its own, named by its recipe (the method, its parameters,
 * the scorer as {@code hashed-ngram-logistic}, {@code random} or {@code quality-classifier-hashed-ngram-logistic},
 * the sources it selects from as {@code fromSources}, the target set that scored them as {@code target} (every scorer
 * but {@code random}) and the reference model artifacts as {@code references}), so lineage reads: pool sources, then
 * the selected subset, then the model. The platform draws those edges from the recipe when the subset is registered,
 * so the subset comes last.
 *
 * @param role {@code train} for what the model trains on, {@code target} for a target set it is steered by,
 *     {@code pool} for a source that a selection strategy only selects from
 */
public record DatasetSource(String name, String uri, String sha256, String role, Map<String, Object> recipe) {
  /** How a subset's recipe names each preselect scorer of the spec. */
  private static final Map<String, String> SCORER_NAMES = Map.of(
      SelectionSpec.NGRAM_SCORER, "hashed-ngram-logistic",
      SelectionSpec.RANDOM_SCORER, "random",
      SelectionSpec.QUALITY_SCORER, "quality-classifier-hashed-ngram-logistic");
  private static final ObjectMapper CANONICAL =
      new ObjectMapper().configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

  /** The sources of a data spec: its generator or files, or each of its domains, and its target set. */
  public static List<DatasetSource> of(DataSpec data) {
    List<DatasetSource> sources = new ArrayList<>();
    if (data.mixesDomains()) {
      data.domains().forEach(domain -> sources.add(of(domain, "train")));
    } else if (data.fromFiles()) {
      sources.add(files("files", data.files(), null, "train"));
    } else {
      Map<String, Object> recipe = new LinkedHashMap<>();
      recipe.put("generator", data.generator());
      recipe.put("documents", data.documents());
      recipe.put("seed", data.seed());
      if (data.markov() != null) {
        recipe.put("markov", data.markov());
      }
      sources.add(generated(data.generator(), recipe, "train"));
    }
    if (data.target() != null) {
      sources.add(of(data.target(), "target"));
    }
    return sources;
  }

  /**
   * The sources of a data spec and, for {@code preselect}, the selected subset they become (role {@code train}), which
   * depends on the run's {@code seed} too, and on the windows the pool is cut into: the context length and the
   * tokenizer.
   */
  public static List<DatasetSource> of(DataSpec data, SelectionSpec selection, long seed, int contextLength,
      Tokenizer tokenizer) {
    List<DatasetSource> sources = of(data);
    if (!selection.strategy().equals(SelectionSpec.PRESELECT)) {
      return sources;
    }
    boolean scored = !selection.scorer().equals(SelectionSpec.RANDOM_SCORER);
    List<DatasetSource> withSubset = new ArrayList<>();
    List<Map<String, String>> fromSources = new ArrayList<>();
    Map<String, String> target = null;
    for (DatasetSource source : sources) {
      boolean pooled = source.role().equals("train");
      withSubset.add(pooled ? source.withRole("pool") : source);
      if (pooled) {
        fromSources.add(source.reference());
      } else if (scored) {
        target = source.reference();
      }
    }
    Map<String, Object> recipe = new LinkedHashMap<>();
    recipe.put("method", SelectionSpec.PRESELECT);
    recipe.put("fraction", selection.fraction());
    recipe.put("scorer", SCORER_NAMES.get(selection.scorer()));
    if (target != null) {
      recipe.put("target", target);
    }
    if (selection.references() != null) {
      recipe.put("references", selection.references());
    } else if (selection.referenceModels() != null) {
      recipe.put("referenceModels", selection.referenceModels());
      recipe.put("referenceSteps", selection.referenceSteps());
    }
    recipe.put("seed", seed);
    recipe.put("contextLength", contextLength);
    recipe.put("tokenizer", Map.of("sha256", tokenizer.sha256()));
    recipe.put("fromSources", fromSources);
    String sha256 = Sha256.of(canonical(recipe).getBytes(StandardCharsets.UTF_8));
    withSubset.add(new DatasetSource("preselect", "selected:preselect/" + sha256.substring(0, 16), sha256, "train",
        recipe));
    return withSubset;
  }

  /** How a subset's recipe names this source: {@code name} and {@code sha256}. */
  private Map<String, String> reference() {
    return Map.of("name", name, "sha256", sha256);
  }

  private DatasetSource withRole(String newRole) {
    return new DatasetSource(name, uri, sha256, newRole, recipe);
  }

  private static DatasetSource of(DomainSpec domain, String role) {
    if (!domain.files().isEmpty()) {
      return files(domain.name(), domain.files(), domain.trainDocuments(), role);
    }
    Map<String, Object> recipe = new LinkedHashMap<>();
    recipe.put("generator", domain.generator());
    recipe.put("documents", domain.documents());
    recipe.put("seed", domain.seed());
    recipe.put("operations", domain.operations());
    recipe.put("carryHeavyShare", domain.carryHeavyShare());
    recipe.put("poolSize", domain.poolSize());
    recipe.put("weight", domain.weight());
    if (domain.trainDocuments() != null) {
      recipe.put("trainDocuments", domain.trainDocuments());
    }
    return generated(domain.name(), recipe, role);
  }

  private static DatasetSource generated(String name, Map<String, Object> recipe, String role) {
    String canonical = canonical(recipe);
    String sha256 = Sha256.of(canonical.getBytes(StandardCharsets.UTF_8));
    return new DatasetSource(name, "generated:" + recipe.get("generator") + "/" + sha256.substring(0, 16), sha256,
        role, recipe);
  }

  /** @param trainDocuments how many training documents the source keeps, or null for all of them */
  private static DatasetSource files(String name, List<String> files, Integer trainDocuments, String role) {
    StringBuilder digests = new StringBuilder();
    files.forEach(file -> digests.append(Sha256.ofFile(Path.of(file))).append('\n'));
    Map<String, Object> recipe = new LinkedHashMap<>();
    recipe.put("files", files);
    if (trainDocuments != null) {
      digests.append("trainDocuments ").append(trainDocuments).append('\n');
      recipe.put("trainDocuments", trainDocuments);
    }
    String sha256 = Sha256.of(digests.toString().getBytes(StandardCharsets.UTF_8));
    return new DatasetSource(name, Path.of(files.get(0)).toAbsolutePath().toUri().toString(), sha256, role,
        Collections.unmodifiableMap(recipe));
  }

  private static String canonical(Map<String, Object> recipe) {
    try {
      return CANONICAL.writeValueAsString(recipe);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
