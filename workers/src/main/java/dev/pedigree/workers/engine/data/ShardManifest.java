package dev.pedigree.workers.engine.data;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * {@code manifest.json} of a packed dataset: what it was made from (source files and tokenizer, by sha256) and what it
 * holds (each split's shards, with token counts and sha256s; paths relative to the manifest).
 *
 * @param dtype {@code uint16} or {@code int32}, little-endian
 */
public record ShardManifest(
    int format,
    String tokenizer,
    int vocabSize,
    String tokenizerSha256,
    String dtype,
    List<Source> sources,
    List<Shard> train,
    List<Shard> validation) {
  public static final String FILE_NAME = "manifest.json";
  public static final int FORMAT = 1;
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  public record Source(String path, String sha256) {}

  public record Shard(String path, long tokens, String sha256) {}

  public static String dtypeFor(int vocabSize) {
    return vocabSize <= 1 << 16 ? "uint16" : "int32";
  }

  public static int bytesPerToken(String dtype) {
    return dtype.equals("uint16") ? 2 : 4;
  }

  /** The manifest in {@code directory}, if there is a readable one. */
  static Optional<ShardManifest> read(Path directory) {
    Path file = directory.resolve(FILE_NAME);
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    try {
      return Optional.of(JSON.readValue(file.toFile(), ShardManifest.class));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  void write(Path directory) {
    try {
      JSON.writeValue(directory.resolve(FILE_NAME).toFile(), this);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the manifest in " + directory, e);
    }
  }

  /** True when the sources are the same files (by content) and every shard is on disk unchanged. */
  boolean isValidFor(String tokenizerKind, int requestedVocabSize, List<Source> expectedSources, Path directory) {
    if (format != FORMAT || !tokenizer.equals(tokenizerKind) || vocabSize != requestedVocabSize
        || !sources.stream().map(Source::sha256).toList()
            .equals(expectedSources.stream().map(Source::sha256).toList())) {
      return false;
    }
    int width = bytesPerToken(dtype);
    for (Shard shard : Stream.concat(train.stream(), validation.stream()).toList()) {
      Path file = directory.resolve(shard.path());
      try {
        if (!Files.isRegularFile(file) || Files.size(file) != shard.tokens() * width
            || !Sha256.ofFile(file).equals(shard.sha256())) {
          return false;
        }
      } catch (IOException e) {
        return false;
      }
    }
    return true;
  }
}
