package dev.pedigree.workers.engine.data;

import dev.pedigree.workers.engine.data.ShardManifest.Source;
import dev.pedigree.workers.engine.tokenizer.BpeTrainer;
import dev.pedigree.workers.engine.tokenizer.ByteTokenizer;
import dev.pedigree.workers.engine.tokenizer.Tokenizer;
import dev.pedigree.workers.engine.tokenizer.TokenizerFile;
import dev.pedigree.workers.engine.tokenizer.TokenizerJson;
import dev.pedigree.workflows.spec.DataSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * File datasets packed once into token shards with a {@link ShardManifest}. The directory is named by a hash of the
 * source files' contents and the tokenizer settings, under the spec's cache dir or {@code <workDir>/data}; a later run
 * (or a resumed attempt) whose manifest still matches maps the shards instead of tokenizing again.
 */
final class PackedShards {
  static final long DEFAULT_TOKENS_PER_SHARD = 1L << 24;

  private PackedShards() {}

  static Dataset prepare(DataSpec data, int contextLength, Path workDir) {
    return prepare(data, contextLength, workDir, DEFAULT_TOKENS_PER_SHARD);
  }

  /** @throws IllegalArgumentException when a data file does not exist */
  static Dataset prepare(DataSpec data, int contextLength, Path workDir, long tokensPerShard) {
    List<Path> files = data.files().stream().map(Path::of).toList();
    for (Path file : files) {
      if (!Files.isRegularFile(file)) {
        throw new IllegalArgumentException("data file " + file + " does not exist");
      }
    }
    List<Source> sources = files.stream().map(file -> new Source(file.toString(), Sha256.ofFile(file))).toList();
    Path root = data.cacheDir() != null ? Path.of(data.cacheDir()) : workDir.resolve("data");
    Path directory = root.resolve("dataset-" + key(data, sources));
    ShardManifest manifest = ShardManifest.read(directory)
        .filter(existing -> existing.isValidFor(data.tokenizer(), vocabSizeAsked(data), sources, directory)
            && tokenizerMatches(existing, directory))
        .orElseGet(() -> pack(data, files, sources, directory, tokensPerShard));

    Tokenizer tokenizer = ByteTokenizer.INSTANCE;
    Optional<TokenizerFile> tokenizerFile = Optional.empty();
    if (data.tokenizer().equals("bpe")) {
      Path file = directory.resolve(TokenizerJson.FILE_NAME);
      tokenizer = TokenizerJson.load(file);
      tokenizerFile = Optional.of(new TokenizerFile(file, manifest.tokenizerSha256()));
    }
    return new Dataset(
        tokenizer,
        new TokenWindows(new ShardedTokens(directory, manifest.train(), manifest.dtype()), tokenizer, contextLength),
        new TokenWindows(
            new ShardedTokens(directory, manifest.validation(), manifest.dtype()), tokenizer, contextLength),
        tokenizerFile);
  }

  private static boolean tokenizerMatches(ShardManifest manifest, Path directory) {
    Path file = directory.resolve(TokenizerJson.FILE_NAME);
    return manifest.tokenizer().equals("byte")
        || (Files.isRegularFile(file) && Sha256.ofFile(file).equals(manifest.tokenizerSha256()));
  }

  /** Tokenizes into a scratch directory, then moves it into place, so a directory with a manifest is complete. */
  private static ShardManifest pack(
      DataSpec data, List<Path> files, List<Source> sources, Path directory, long tokensPerShard) {
    Path scratch;
    try {
      Files.createDirectories(directory.getParent());
      scratch = Files.createTempDirectory(directory.getParent(), directory.getFileName() + ".partial-");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a directory beside " + directory, e);
    }
    Tokenizer tokenizer = ByteTokenizer.INSTANCE;
    if (data.tokenizer().equals("bpe")) {
      BpeTrainer trainer = new BpeTrainer();
      long[] counter = {0};
      FileDocuments.forEach(files, document -> {
        if (!Corpus.isValidation(counter[0]++)) {
          trainer.add(document);
        }
      });
      tokenizer = trainer.train(data.vocabSize());
      TokenizerJson.save(tokenizer, scratch.resolve(TokenizerJson.FILE_NAME));
    }
    String dtype = ShardManifest.dtypeFor(tokenizer.vocabSize());
    ShardWriter train = new ShardWriter(scratch, "train", dtype, tokensPerShard);
    ShardWriter validation = new ShardWriter(scratch, "validation", dtype, tokensPerShard);
    Tokenizer encoder = tokenizer;
    long[] index = {0};
    try (train; validation) {
      FileDocuments.forEach(files, document ->
          (Corpus.isValidation(index[0]++) ? validation : train).append(encoder.encode(document)));
    }
    ShardManifest manifest = new ShardManifest(ShardManifest.FORMAT, data.tokenizer(), vocabSizeAsked(data),
        tokenizer.sha256(), dtype, sources, train.shards(), validation.shards());
    manifest.write(scratch);
    try {
      deleteRecursively(directory);
      Files.move(scratch, directory, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot move the packed dataset into " + directory, e);
    }
    return manifest;
  }

  /** The first 16 hex digits of a sha256 over the format, the tokenizer settings and the sources' contents. */
  private static String key(DataSpec data, List<Source> sources) {
    StringBuilder key = new StringBuilder()
        .append(ShardManifest.FORMAT).append('\n')
        .append(data.tokenizer()).append('\n')
        .append(vocabSizeAsked(data)).append('\n');
    sources.forEach(source -> key.append(source.sha256()).append('\n'));
    return Sha256.of(key.toString().getBytes(StandardCharsets.UTF_8)).substring(0, 16);
  }

  /** The spec's vocabulary size where it applies (BPE); bytes always have 256. */
  private static int vocabSizeAsked(DataSpec data) {
    return data.tokenizer().equals("bpe") ? data.vocabSize() : ByteTokenizer.VOCAB_SIZE;
  }

  private static void deleteRecursively(Path directory) {
    if (!Files.exists(directory)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(directory)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + directory, e);
    }
  }
}
