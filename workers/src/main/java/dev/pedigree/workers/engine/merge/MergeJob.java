package dev.pedigree.workers.engine.merge;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pedigree.workers.engine.StepMetrics;
import dev.pedigree.workers.engine.StopSignal;
import dev.pedigree.workers.engine.TrainingJob;
import dev.pedigree.workers.engine.TrainingListener;
import dev.pedigree.workers.engine.TrainingSummary;
import dev.pedigree.workers.engine.checkpoint.Checkpoints;
import dev.pedigree.workers.engine.checkpoint.FileDigest;
import dev.pedigree.workers.engine.checkpoint.ModelFiles;
import dev.pedigree.workers.engine.data.Sha256;
import dev.pedigree.workers.engine.model.Gpt;
import dev.pedigree.workers.engine.torch.TorchRuntime;
import dev.pedigree.workers.engine.transplant.TokenizerTransplant;
import dev.pedigree.workers.engine.transplant.TransplantInit;
import dev.pedigree.workers.engine.transplant.TransplantSettings;
import dev.pedigree.workflows.spec.MergeSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.bytedeco.pytorch.Device;

/**
 * A {@code merge} run: checks that the input models are mergeable, learns Self-Positioning's coefficients when the
 * method asks for them, then writes the merged model tensor by tensor. The model's metadata holds the recipe (method,
 * each input's sha256 and weight, the method's parameters, learned λ) next to the spec; merges are deterministic, so
 * the same spec over the same inputs writes the same bytes. A transplant moves its base onto its donor's tokenizer
 * instead ({@link TokenizerTransplant}).
 */
public final class MergeJob implements TrainingJob {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final MergeSpec spec;
  private final Map<String, Path> models;
  private final Map<String, String> knownSha256;
  private final Path workDir;

  /** @param models the input model files by role: {@code parent.<i>} and {@code base} */
  public MergeJob(MergeSpec spec, Map<String, Path> models, Path workDir) {
    this(spec, models, Map.of(), workDir);
  }

  /**
   * @param knownSha256 the sha256 of input files already verified, by role (a worker checks every input it fetches);
   *     the recipe hashes the others
   */
  public MergeJob(MergeSpec spec, Map<String, Path> models, Map<String, String> knownSha256, Path workDir) {
    spec.requireValid();
    this.spec = spec;
    this.models = inputFiles(spec, models);
    this.knownSha256 = Map.copyOf(knownSha256);
    this.workDir = workDir;
  }

  @Override
  public TrainingSummary run(Optional<Path> resumeFrom, TrainingListener listener, StopSignal stop) {
    String specJson = json(spec);
    if (MergeSpec.TRANSPLANT.equals(spec.method())) {
      return transplant(listener, stop, specJson);
    }
    Checkpoints checkpoints = new Checkpoints(workDir, specJson);
    try (MergeInputs inputs = MergeInputs.open(models)) {
      TensorMerge merge;
      double[][] lambda = null;
      double loss = Double.NaN;
      if (spec.selfPositioning() != null) {
        SelfPositioning.Learned learned = new SelfPositioning(spec, models, checkpoints).learn(resumeFrom, listener,
            stop);
        if (learned.stopped()) {
          return new TrainingSummary(learned.steps(), learned.loss(), true, learned.checkpoint(), null, null);
        }
        lambda = learned.lambda();
        merge = learnedMerge(lambda, inputs.header().config().layers());
        loss = learned.loss();
      } else {
        listener.onStart(0, spec.totalSteps(), TorchRuntime.describe(TorchRuntime.device("cpu")));
        if (stop.stopRequested()) {
          return new TrainingSummary(0, Double.NaN, true, null, null, null);
        }
        merge = MergeMethods.of(spec);
      }
      Map<String, Object> recipe = recipe();
      if (lambda != null) {
        recipe.put("lambda", lambda);
      }
      Path target = workDir.resolve(Checkpoints.MODEL_FILE);
      long started = System.nanoTime();
      FileDigest digest = StreamingMerge.write(target,
          ModelFiles.metadata(inputs.header().config(), inputs.header().tokenizer(), provenance(specJson, recipe)),
          inputs,
          parentRoles(), spec.base() == null ? null : MergeSpec.BASE_ROLE, merge);
      if (spec.selfPositioning() == null) {
        double seconds = (System.nanoTime() - started) / 1e9;
        listener.onStep(new StepMetrics(1, Double.NaN, Double.NaN, 0, inputs.parameterCount() / seconds));
      }
      return new TrainingSummary(spec.totalSteps(), loss, false, null, target, digest.sha256());
    }
  }

  /**
   * The base moved onto the donor's tokenizer. Whole models are loaded instead of streamed tensor by tensor: base and
   * donor differ in vocabulary, and the donor may differ in shape.
   */
  private TrainingSummary transplant(TrainingListener listener, StopSignal stop, String specJson) {
    listener.onStart(0, spec.totalSteps(), TorchRuntime.describe(TorchRuntime.device("cpu")));
    if (stop.stopRequested()) {
      return new TrainingSummary(0, Double.NaN, true, null, null, null);
    }
    long started = System.nanoTime();
    Device cpu = TorchRuntime.device("cpu");
    ModelFiles.LoadedModel base = ModelFiles.load(models.get(MergeSpec.BASE_ROLE), cpu);
    ModelFiles.LoadedModel donor = ModelFiles.load(models.get(MergeSpec.DONOR_ROLE), cpu);
    TokenizerTransplant.Transplant transplant = TokenizerTransplant.transplant(base.model(), base.tokenizer(),
        donor.model(), donor.tokenizer(), transplantSettings());
    Map<String, Object> recipe = recipe();
    recipe.put("sharedTokens", transplant.sharedTokens());
    recipe.put("newTokens", transplant.newTokens());
    if (!Double.isNaN(transplant.embeddingResidual())) {
      recipe.put("embeddingResidual", transplant.embeddingResidual());
    }
    Path target = workDir.resolve(Checkpoints.MODEL_FILE);
    Gpt model = transplant.model();
    FileDigest digest = ModelFiles.write(target, model.config(), transplant.tokenizer(), model.parameters(),
        provenance(specJson, recipe));
    double seconds = (System.nanoTime() - started) / 1e9;
    listener.onStep(new StepMetrics(1, Double.NaN, Double.NaN, 0, model.parameters().numel() / seconds));
    return new TrainingSummary(spec.totalSteps(), Double.NaN, false, null, target, digest.sha256());
  }

  /** The spec's init; TokenAdapt's weight and temperature keep their defaults where the init does not use them. */
  private TransplantSettings transplantSettings() {
    TransplantInit init = TransplantInit.of(spec.init());
    int k = spec.k() == null ? 0 : spec.k();
    if (spec.globalWeight() == null) {
      return TransplantSettings.of(init, k);
    }
    return new TransplantSettings(init, k, spec.globalWeight(), spec.temperature());
  }

  private Map<String, String> provenance(String specJson, Map<String, Object> recipe) {
    Map<String, String> provenance = new LinkedHashMap<>();
    provenance.put("step", Long.toString(spec.totalSteps()));
    provenance.put("spec", specJson);
    provenance.put("merge", json(recipe));
    return provenance;
  }

  /** Self-Positioning's model: task arithmetic with the learned λ of each parent and tensor group. */
  private TensorMerge learnedMerge(double[][] lambda, int layers) {
    boolean perLayer = spec.selfPositioning().perLayer();
    return new TaskArithmetic((tensor, parent) -> lambda[parent][SelfPositioning.group(tensor, layers, perLayer)]);
  }

  /** What the merged model records about how it was made, beyond the spec: above all, which bytes it came from. */
  private Map<String, Object> recipe() {
    Map<String, Object> recipe = new LinkedHashMap<>();
    recipe.put("method", spec.method());
    // An input not hashed yet is read in full; in parallel, as the hashes must be in the header before any tensor.
    Map<String, String> sha256 = models.entrySet().parallelStream()
        .collect(Collectors.toMap(Map.Entry::getKey, input -> knownSha256.containsKey(input.getKey())
            ? knownSha256.get(input.getKey()) : Sha256.ofFile(input.getValue())));
    List<Map<String, Object>> parents = new ArrayList<>();
    for (int i = 0; i < spec.parents().size(); i++) {
      Map<String, Object> parent = new LinkedHashMap<>();
      parent.put("role", MergeSpec.parentRole(i));
      parent.put("artifact", spec.parents().get(i));
      parent.put("sha256", sha256.get(MergeSpec.parentRole(i)));
      parent.put("weight", spec.parentWeight(i));
      parents.add(parent);
    }
    recipe.put("parents", parents);
    if (spec.base() != null) {
      // Not Map.of: its iteration order changes from one JVM to the next, and with it the file's bytes.
      Map<String, Object> base = new LinkedHashMap<>();
      base.put("artifact", spec.base());
      base.put("sha256", sha256.get(MergeSpec.BASE_ROLE));
      recipe.put("base", base);
    }
    if (spec.donor() != null) {
      Map<String, Object> donor = new LinkedHashMap<>();
      donor.put("artifact", spec.donor());
      donor.put("sha256", sha256.get(MergeSpec.DONOR_ROLE));
      recipe.put("donor", donor);
    }
    putIfSet(recipe, "scale", spec.scale());
    putIfSet(recipe, "density", spec.density());
    putIfSet(recipe, "seed", spec.seed());
    putIfSet(recipe, "t", spec.t());
    putIfSet(recipe, "selfPositioning", spec.selfPositioning());
    putIfSet(recipe, "init", spec.init());
    putIfSet(recipe, "k", spec.k());
    putIfSet(recipe, "globalWeight", spec.globalWeight());
    putIfSet(recipe, "temperature", spec.temperature());
    return recipe;
  }

  private List<String> parentRoles() {
    List<String> roles = new ArrayList<>();
    for (int i = 0; i < spec.parents().size(); i++) {
      roles.add(MergeSpec.parentRole(i));
    }
    return roles;
  }

  /** The model files in merge order: parents, then the base; each role the spec names must be there. */
  private static Map<String, Path> inputFiles(MergeSpec spec, Map<String, Path> models) {
    Map<String, Path> files = new LinkedHashMap<>();
    spec.modelInputs("$").forEach(input -> {
      Path file = models.get(input.role());
      if (file == null) {
        throw new IllegalArgumentException("no model file for input " + input.role() + " (" + input.field() + ")");
      }
      files.put(input.role(), file);
    });
    return files;
  }

  private static void putIfSet(Map<String, Object> recipe, String key, Object value) {
    if (value != null) {
      recipe.put(key, value);
    }
  }

  private static String json(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("cannot be written as JSON: " + value, e);
    }
  }
}
