package dev.pedigree.workers.engine.checkpoint;

import dev.pedigree.workers.engine.CheckpointInfo;
import dev.pedigree.workers.engine.model.Gpt;
import dev.pedigree.workers.engine.model.GptConfig;
import dev.pedigree.workers.engine.model.Parameters;
import dev.pedigree.workers.engine.optim.Optimizer;
import dev.pedigree.workers.engine.tokenizer.Tokenizer;
import dev.pedigree.workers.engine.torch.Tensors;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Tensor;

/**
 * A run's checkpoints and final model in its work directory. A checkpoint is one safetensors file,
 * {@code ckpt-00000100.safetensors}: the weights under their names, the optimizer's moments as {@code optim.m.<name>}
 * and {@code optim.v.<name>} (for every parameter with AdamW; for those it holds moments of with FRUGAL), and in
 * {@code __metadata__} the step, the data cursor, the optimizer's name, step count and layout, the selection
 * strategy's state (keys {@code selection.<name>}, none for uniform) and the frozen spec. Nothing else is needed to
 * resume: initialization and data order derive from the spec's seeds, and the model has no stochastic layers. Files
 * are written to a temporary name, synced and renamed into place, and only the newest {@value #RETAINED} are kept.
 */
public final class Checkpoints {
  public static final int RETAINED = 3;
  public static final String MODEL_FILE = "model.safetensors";
  static final String CHECKPOINT_FORMAT = "pedigree.checkpoint.v1";
  private static final String STATE_PREFIX = "state.";

  private static final Pattern CHECKPOINT_NAME = Pattern.compile("ckpt-(\\d+)\\.safetensors");
  private static final Pattern TEMPORARY_NAME = Pattern.compile("\\.(ckpt-\\d+|model)\\.safetensors\\.tmp");

  private final Path directory;
  private final String specJson;

  public Checkpoints(Path directory, String specJson) {
    this.directory = directory;
    this.specJson = specJson;
  }

  public static String fileName(long step) {
    return String.format("ckpt-%08d.safetensors", step);
  }

  public CheckpointInfo save(long step, long dataCursor, Parameters parameters, Optimizer optimizer) {
    return save(step, dataCursor, parameters, optimizer, Map.of());
  }

  /** @param state the loop's own state, handed back by {@link #restore} as {@link ResumePoint#state()} */
  public CheckpointInfo save(
      long step, long dataCursor, Parameters parameters, Optimizer optimizer, Map<String, String> state) {
    Map<String, String> metadata = new LinkedHashMap<>();
    metadata.put("format", CHECKPOINT_FORMAT);
    metadata.put("step", Long.toString(step));
    metadata.put("dataCursor", Long.toString(dataCursor));
    metadata.put(Optimizer.NAME_KEY, optimizer.name());
    metadata.put(Optimizer.STEPS_KEY, Long.toString(optimizer.steps()));
    metadata.putAll(new TreeMap<>(optimizer.layoutMetadata()));
    metadata.put("spec", specJson);
    new TreeMap<>(state).forEach((key, value) -> metadata.put(STATE_PREFIX + key, value));
    List<TensorEntry> tensors = new ArrayList<>();
    try (PointerScope scope = new PointerScope()) {
      addAll(tensors, "", parameters, parameters.viewsOf(parameters.values()));
      optimizer.stateTensors().forEach((prefix, views) -> addAll(tensors, prefix, parameters, views));
      Path path = directory.resolve(fileName(step));
      FileDigest digest = SafeTensorsFiles.writeAtomically(path, metadata, tensors);
      retainNewest(step);
      return new CheckpointInfo(step, dataCursor, path, digest.sha256(), digest.bytes());
    }
  }

  /** Loads weights and optimizer state from {@code checkpoint} into {@code parameters} and {@code optimizer}. */
  public static ResumePoint restore(Path checkpoint, Parameters parameters, Optimizer optimizer) {
    try (SafeTensorsReader reader = SafeTensorsReader.open(checkpoint); PointerScope scope = new PointerScope()) {
      Map<String, String> metadata = reader.metadata();
      if (!CHECKPOINT_FORMAT.equals(metadata.get("format"))) {
        throw new IllegalArgumentException(checkpoint + " is not a " + CHECKPOINT_FORMAT + " file");
      }
      readAll(reader, "", parameters, parameters.viewsOf(parameters.values()));
      parameters.valuesChanged();
      String optimizerName = metadata.get(Optimizer.NAME_KEY);
      if (!optimizer.name().equals(optimizerName)) {
        throw new IllegalArgumentException(
            checkpoint + " holds " + optimizerName + " state; this run's optimizer is " + optimizer.name());
      }
      optimizer.restore(Long.parseLong(metadata.get(Optimizer.STEPS_KEY)), metadata);
      for (Map.Entry<String, Map<String, Tensor>> state : optimizer.stateTensors().entrySet()) {
        readAll(reader, state.getKey(), parameters, state.getValue());
      }
      Map<String, String> state = new TreeMap<>();
      metadata.forEach((key, value) -> {
        if (key.startsWith(STATE_PREFIX)) {
          state.put(key.substring(STATE_PREFIX.length()), value);
        }
      });
      return new ResumePoint(Long.parseLong(metadata.get("step")), Long.parseLong(metadata.get("dataCursor")), state);
    } catch (IOException e) {
      throw new UncheckedIOException("could not read checkpoint " + checkpoint, e);
    }
  }

  /** The spec JSON of the run that wrote {@code checkpoint}, as {@link #save} froze it. */
  public static String specOf(Path checkpoint) {
    try (SafeTensorsReader reader = SafeTensorsReader.open(checkpoint)) {
      Map<String, String> metadata = reader.metadata();
      if (!CHECKPOINT_FORMAT.equals(metadata.get("format")) || !metadata.containsKey("spec")) {
        throw new IllegalArgumentException(checkpoint.getFileName() + " is not a " + CHECKPOINT_FORMAT + " file");
      }
      return metadata.get("spec");
    } catch (IOException e) {
      throw new UncheckedIOException("could not read checkpoint " + checkpoint, e);
    }
  }

  /**
   * Writes the weights alone, with the architecture, the tokenizer and this run's spec, to {@value #MODEL_FILE} (see
   * {@link ModelFiles}).
   */
  public ModelFile exportModel(long step, GptConfig config, Tokenizer tokenizer, Parameters parameters) {
    return exportModel(step, config, tokenizer, parameters, Map.of());
  }

  /** As {@link #exportModel(long, GptConfig, Tokenizer, Parameters)}, with more provenance (e.g. a reward's name). */
  public ModelFile exportModel(
      long step, GptConfig config, Tokenizer tokenizer, Parameters parameters, Map<String, String> more) {
    Path path = directory.resolve(MODEL_FILE);
    Map<String, String> provenance = new LinkedHashMap<>();
    provenance.put("step", Long.toString(step));
    provenance.put("spec", specJson);
    provenance.putAll(more);
    return new ModelFile(path, ModelFiles.write(path, config, tokenizer, parameters, provenance));
  }

  /** The final model file and its digest. */
  public record ModelFile(Path path, FileDigest digest) {}

  private static void addAll(
      List<TensorEntry> tensors, String prefix, Parameters parameters, Map<String, Tensor> views) {
    views.forEach((name, view) ->
        tensors.add(new TensorEntry(prefix + name, DType.F32, parameters.shape(name), () -> Tensors.hostBytes(view))));
  }

  private static void readAll(SafeTensorsReader reader, String prefix, Parameters parameters, Map<String, Tensor> views)
      throws IOException {
    for (Map.Entry<String, Tensor> view : views.entrySet()) {
      String name = prefix + view.getKey();
      TensorHeader header = reader.tensor(name);
      long[] expected = parameters.shape(view.getKey());
      Tensor target = view.getValue();
      if (writtenBeforeAlignedRows(view.getKey(), header.shape(), expected)) {
        // The tokens' rows lead; the padding rows keep what they have, which no logit and no loss sees.
        target = target.narrow(0, 0, header.shape()[0]);
        expected = header.shape();
      }
      if (header.dtype() != DType.F32 || !Arrays.equals(header.shape(), expected)) {
        throw new IllegalArgumentException(name + " in the checkpoint is " + header.dtype()
            + Arrays.toString(header.shape()) + ", the model expects F32" + Arrays.toString(expected));
      }
      Tensors.copyInto(target, reader.read(name));
    }
  }

  /**
   * Whether {@code saved} is an embedding of one row per token from a run checkpointed before models padded their
   * embedding rows ({@link GptConfig#alignedRows}), and {@code expected} the same embedding padded, so the run resumes.
   */
  private static boolean writtenBeforeAlignedRows(String name, long[] saved, long[] expected) {
    return Gpt.VOCABULARY_ROWS.contains(name) && saved.length == 2 && expected.length == 2 && saved[1] == expected[1]
        && saved[0] < expected[0] && GptConfig.alignedRows((int) saved[0]) == expected[0];
  }

  /**
   * Keeps the {@value #RETAINED} newest checkpoints up to {@code newestStep}. Checkpoints past it come from an attempt
   * that got further without reporting it; this attempt recomputes them, so they go, as do leftover temporary files.
   */
  private void retainNewest(long newestStep) {
    List<Long> kept = new ArrayList<>();
    try (Stream<Path> files = Files.list(directory)) {
      for (Path file : files.toList()) {
        String name = file.getFileName().toString();
        Matcher checkpoint = CHECKPOINT_NAME.matcher(name);
        if (checkpoint.matches() && Long.parseLong(checkpoint.group(1)) <= newestStep) {
          kept.add(Long.parseLong(checkpoint.group(1)));
        } else if (checkpoint.matches() || TEMPORARY_NAME.matcher(name).matches()) {
          Files.deleteIfExists(file);
        }
      }
      kept.sort(null);
      for (int i = 0; i < kept.size() - RETAINED; i++) {
        Files.deleteIfExists(directory.resolve(fileName(kept.get(i))));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("could not prune old checkpoints in " + directory, e);
    }
  }
}
