package dev.pedigree.workers.engine.checkpoint;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pedigree.workers.engine.model.Gpt;
import dev.pedigree.workers.engine.model.GptConfig;
import dev.pedigree.workers.engine.model.Parameters;
import dev.pedigree.workers.engine.model.PositionEncoding;
import dev.pedigree.workers.engine.tokenizer.Tokenizer;
import dev.pedigree.workers.engine.tokenizer.TokenizerJson;
import dev.pedigree.workers.engine.torch.Tensors;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Device;
import org.bytedeco.pytorch.Tensor;

/**
 * A model file: the weights in safetensors under their parameter names, and in {@code __metadata__} the format, the
 * architecture ({@code config}), the tokenizer as its {@code tokenizer.json} text, and whatever the maker records
 * about how it was made (the run's spec, a merge recipe). With these a model file is self-contained: any kind that
 * takes a model as input loads it from the file alone.
 */
public final class ModelFiles {
  public static final String FORMAT = "pedigree.model.v1";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<String> RESERVED = List.of("format", "config", "tokenizer");

  private ModelFiles() {}

  /** What a model file says about itself, read without its weights. */
  public record Header(GptConfig config, Tokenizer tokenizer, Map<String, String> metadata) {}

  /** A model on a device, with its tokenizer and metadata. */
  public record LoadedModel(Gpt model, Tokenizer tokenizer, Map<String, String> metadata) {
    public GptConfig config() {
      return model.config();
    }
  }

  /** Writes {@code parameters} atomically to {@code target}; {@code provenance} adds to the metadata. */
  public static FileDigest write(Path target, GptConfig config, Tokenizer tokenizer, Parameters parameters,
      Map<String, String> provenance) {
    List<TensorEntry> tensors = new ArrayList<>();
    parameters.viewsOf(parameters.values()).forEach((name, view) ->
        tensors.add(new TensorEntry(name, DType.F32, parameters.shape(name), () -> Tensors.hostBytes(view))));
    try (PointerScope scope = new PointerScope()) {
      return SafeTensorsFiles.writeAtomically(target, metadata(config, tokenizer, provenance), tensors);
    }
  }

  /** The metadata of a model file with this architecture and tokenizer; {@code provenance} may not use reserved keys. */
  public static Map<String, String> metadata(GptConfig config, Tokenizer tokenizer, Map<String, String> provenance) {
    Map<String, String> metadata = new LinkedHashMap<>();
    metadata.put("format", FORMAT);
    metadata.put("config", configJson(config));
    metadata.put("tokenizer", new String(tokenizer.toJson(), StandardCharsets.UTF_8));
    provenance.forEach((key, value) -> {
      if (RESERVED.contains(key)) {
        throw new IllegalArgumentException("metadata key " + key + " is reserved");
      }
      metadata.put(key, value);
    });
    return metadata;
  }

  public static Header header(Path file) {
    try (SafeTensorsReader reader = SafeTensorsReader.open(file)) {
      return header(file, reader);
    } catch (IOException e) {
      throw new UncheckedIOException("could not read model " + file, e);
    }
  }

  /** Loads the model in {@code file} onto {@code device}, checking every tensor's dtype and shape. */
  public static LoadedModel load(Path file, Device device) {
    try (SafeTensorsReader reader = SafeTensorsReader.open(file)) {
      Header header = header(file, reader);
      Gpt model = Gpt.zeros(header.config(), device);
      Parameters parameters = model.parameters();
      try (PointerScope scope = new PointerScope()) {
        for (Map.Entry<String, Tensor> view : parameters.viewsOf(parameters.values()).entrySet()) {
          TensorHeader tensor = reader.tensor(view.getKey());
          long[] expected = parameters.shape(view.getKey());
          if (tensor.dtype() != DType.F32 || !Arrays.equals(tensor.shape(), expected)) {
            throw new IllegalArgumentException(file + ": " + view.getKey() + " is " + tensor.dtype()
                + Arrays.toString(tensor.shape()) + ", its config needs F32" + Arrays.toString(expected));
          }
          Tensors.copyInto(view.getValue(), reader.read(view.getKey()));
        }
      }
      return new LoadedModel(model, header.tokenizer(), header.metadata());
    } catch (IOException e) {
      throw new UncheckedIOException("could not read model " + file, e);
    }
  }

  private static Header header(Path file, SafeTensorsReader reader) {
    Map<String, String> metadata = reader.metadata();
    if (!FORMAT.equals(metadata.get("format"))) {
      throw new IllegalArgumentException(file + " is not a " + FORMAT + " file");
    }
    Tokenizer tokenizer =
        TokenizerJson.parse(metadata.get("tokenizer").getBytes(StandardCharsets.UTF_8), file + " tokenizer");
    return new Header(parseConfig(file, metadata.get("config")), tokenizer, metadata);
  }

  /** The architecture as the {@code config} metadata records it, field by field. */
  public static Map<String, Object> architecture(GptConfig config) {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("layers", config.layers());
    fields.put("dModel", config.dModel());
    fields.put("heads", config.heads());
    fields.put("contextLength", config.contextLength());
    fields.put("vocabSize", config.vocabSize());
    if (config.embeddingRows() != config.vocabSize()) {
      fields.put("embeddingRows", config.embeddingRows());
    }
    fields.put("tiedHead", config.tiedHead());
    fields.put("positions", config.positions().name().toLowerCase());
    return fields;
  }

  private static String configJson(GptConfig config) {
    try {
      return JSON.writeValueAsString(architecture(config));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static GptConfig parseConfig(Path file, String json) {
    try {
      var node = JSON.readTree(json);
      int vocabSize = node.get("vocabSize").asInt();
      // Files written before embedding rows were aligned have one row per token and no such field.
      int embeddingRows = node.has("embeddingRows") ? node.get("embeddingRows").asInt() : vocabSize;
      return new GptConfig(node.get("layers").asInt(), node.get("dModel").asInt(), node.get("heads").asInt(),
          node.get("contextLength").asInt(), vocabSize, node.get("tiedHead").asBoolean(),
          PositionEncoding.of(node.get("positions").asText()), embeddingRows);
    } catch (IOException | NullPointerException e) {
      throw new IllegalArgumentException(file + ": unreadable model config " + json, e);
    }
  }
}
