package dev.pedigree.workers.engine.tokenizer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pedigree.workers.engine.data.Sha256;
import dev.pedigree.workers.engine.tokenizer.BpeTokenizer.Merge;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Hugging Face {@code tokenizer.json} for byte-level BPE (model type {@code BPE}, {@code ByteLevel} pre-tokenizer and
 * decoder), so Python's {@code tokenizers} can load what we train. The writer's output is canonical (vocab in id
 * order, no whitespace), so equal tokenizers give equal files and equal sha256s. The reader accepts that shape only.
 */
public final class TokenizerJson {
  public static final String FILE_NAME = "tokenizer.json";
  private static final ObjectMapper JSON = new ObjectMapper();

  private TokenizerJson() {}

  /** Writes {@code tokenizer} to {@code file} (atomically) and returns the file with its sha256. */
  public static TokenizerFile save(Tokenizer tokenizer, Path file) {
    byte[] json = tokenizer.toJson();
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      Path partial = file.resolveSibling(file.getFileName() + ".partial");
      Files.write(partial, json);
      Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
    return new TokenizerFile(file, Sha256.of(json));
  }

  public static BpeTokenizer load(Path file) {
    try {
      return parseBpe(Files.readAllBytes(file), file.toString());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  /**
   * The tokenizer a {@code tokenizer.json} describes; {@code source} names it in errors. Bytes without merges come back
   * as {@link ByteTokenizer#INSTANCE}, so a byte-level model reads back as byte-level.
   */
  public static Tokenizer parse(byte[] json, String source) {
    BpeTokenizer tokenizer = parseBpe(json, source);
    return tokenizer.merges().isEmpty() && tokenizer.vocabSize() == ByteTokenizer.VOCAB_SIZE
        ? ByteTokenizer.INSTANCE : tokenizer;
  }

  private static BpeTokenizer parseBpe(byte[] json, String file) {
    JsonNode root;
    try {
      root = JSON.readTree(json);
    } catch (IOException e) {
      throw new IllegalArgumentException(file + ": not JSON: " + e.getMessage(), e);
    }
    JsonNode model = root.path("model");
    require(model.path("type").asText().equals("BPE"), file, "model.type must be BPE");
    require(root.path("pre_tokenizer").path("type").asText().equals("ByteLevel")
        && !root.path("pre_tokenizer").path("add_prefix_space").asBoolean(false)
        && root.path("pre_tokenizer").path("use_regex").asBoolean(true), file,
        "pre_tokenizer must be ByteLevel with the GPT-2 regex and no prefix space");
    require(root.path("normalizer").isNull() || root.path("normalizer").isMissingNode(), file,
        "normalizers are not supported");
    require(root.path("added_tokens").isEmpty(), file, "added tokens are not supported");

    Map<String, Integer> vocab = new HashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = model.path("vocab").fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> entry = it.next();
      vocab.put(entry.getKey(), entry.getValue().asInt());
    }
    byte[][] tokens = new byte[vocab.size()][];
    vocab.forEach((chars, id) -> {
      require(id >= 0 && id < tokens.length && tokens[id] == null, file, "vocab ids must be 0 to size-1, each once");
      tokens[id] = ByteLevel.toBytes(chars);
    });
    List<Merge> merges = new ArrayList<>();
    for (JsonNode merge : model.path("merges")) {
      String left;
      String right;
      if (merge.isArray()) {
        left = merge.get(0).asText();
        right = merge.get(1).asText();
      } else {
        String[] parts = merge.asText().split(" ", -1);
        require(parts.length == 2, file, "a merge must be two tokens: " + merge.asText());
        left = parts[0];
        right = parts[1];
      }
      Integer result = vocab.get(left + right);
      require(vocab.containsKey(left) && vocab.containsKey(right) && result != null, file,
          "merge of tokens missing from the vocab: " + left + " " + right);
      merges.add(new Merge(vocab.get(left), vocab.get(right), result));
    }
    return new BpeTokenizer(List.of(tokens), merges);
  }

  static byte[] toJson(BpeTokenizer tokenizer) {
    ObjectNode root = JSON.createObjectNode();
    root.put("version", "1.0");
    root.putNull("truncation");
    root.putNull("padding");
    root.putArray("added_tokens");
    root.putNull("normalizer");
    root.set("pre_tokenizer", byteLevel());
    root.putNull("post_processor");
    root.set("decoder", byteLevel());
    ObjectNode model = root.putObject("model");
    model.put("type", "BPE");
    model.putNull("dropout");
    model.putNull("unk_token");
    model.putNull("continuing_subword_prefix");
    model.putNull("end_of_word_suffix");
    model.put("fuse_unk", false);
    model.put("byte_fallback", false);
    model.put("ignore_merges", false);
    ObjectNode vocab = model.putObject("vocab");
    List<String> chars = new ArrayList<>(tokenizer.vocabSize());
    for (int id = 0; id < tokenizer.vocabSize(); id++) {
      chars.add(ByteLevel.toChars(tokenizer.tokenBytes(id)));
      vocab.put(chars.get(id), id);
    }
    ArrayNode merges = model.putArray("merges");
    for (Merge merge : tokenizer.merges()) {
      merges.add(chars.get(merge.left()) + " " + chars.get(merge.right()));
    }
    try {
      return JSON.writeValueAsBytes(root);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static ObjectNode byteLevel() {
    ObjectNode node = JSON.createObjectNode();
    node.put("type", "ByteLevel");
    node.put("add_prefix_space", false);
    node.put("trim_offsets", true);
    node.put("use_regex", true);
    return node;
  }

  private static void require(boolean ok, String file, String message) {
    if (!ok) {
      throw new IllegalArgumentException(file + ": " + message);
    }
  }
}
