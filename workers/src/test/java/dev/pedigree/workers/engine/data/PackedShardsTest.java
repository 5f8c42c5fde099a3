package dev.pedigree.workers.engine.data;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pedigree.workers.engine.tokenizer.ByteTokenizer;
import dev.pedigree.workers.engine.tokenizer.TokenizerJson;
import dev.pedigree.workflows.spec.DataSpec;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PackedShardsTest {
  private static final int CONTEXT = 16;
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path directory;
  private Path text;
  private Path jsonl;
  private final List<String> documents = new ArrayList<>();

  /** 30 G-text documents in a .txt file, then 20 in a .jsonl file (with one blank line to skip). */
  @BeforeEach
  void writeFiles() throws IOException {
    GTextGenerator generator = new GTextGenerator(5);
    IntStream.range(0, 50).forEach(i -> documents.add(generator.document(i)));
    text = directory.resolve("a.txt");
    Files.writeString(text, String.join("", documents.subList(0, 30)));
    jsonl = directory.resolve("b.jsonl");
    StringBuilder lines = new StringBuilder("\n");
    for (String document : documents.subList(30, 50)) {
      lines.append(JSON.writeValueAsString(java.util.Map.of("text", document.strip(), "id", 1))).append('\n');
    }
    Files.writeString(jsonl, lines);
  }

  private DataSpec spec(String tokenizer, String cacheDir) {
    return new DataSpec(null, null, null, tokenizer, 300, List.of(text.toString(), jsonl.toString()), cacheDir);
  }

  @Test
  void packsFilesIntoShardsWithAManifestAndTheSameWindowsAsInMemory() throws IOException {
    Path work = directory.resolve("work");
    Dataset dataset = PackedShards.prepare(spec("byte", null), CONTEXT, work, 1000);

    List<String> train = new ArrayList<>();
    List<String> validation = new ArrayList<>();
    for (int i = 0; i < documents.size(); i++) {
      (Corpus.isValidation(i) ? validation : train).add(documents.get(i));
    }
    TokenWindows expected =
        new TokenWindows(ArrayTokens.encode(train, ByteTokenizer.INSTANCE), ByteTokenizer.INSTANCE, CONTEXT);
    assertThat(dataset.train().count()).isEqualTo(expected.count());
    int[] all = IntStream.range(0, expected.count()).toArray();
    assertThat(dataset.train().gather(all)).isEqualTo(expected.gather(all));
    assertThat(dataset.tokenizerFile()).isEmpty();

    Path datasetDir = onlyDatasetDir(work.resolve("data"));
    JsonNode manifest = JSON.readTree(datasetDir.resolve("manifest.json").toFile());
    assertThat(manifest.path("dtype").asText()).isEqualTo("uint16");
    assertThat(manifest.path("tokenizerSha256").asText()).isEqualTo(ByteTokenizer.INSTANCE.sha256());
    assertThat(manifest.path("sources")).extracting(source -> source.path("sha256").asText())
        .containsExactly(Sha256.ofFile(text), Sha256.ofFile(jsonl));
    JsonNode shards = manifest.path("train");
    assertThat(shards.size()).isGreaterThan(2);
    long tokens = 0;
    for (JsonNode shard : shards) {
      Path file = datasetDir.resolve(shard.path("path").asText());
      assertThat(file.getFileName().toString()).matches("shard-\\d{5}\\.bin");
      assertThat(Sha256.ofFile(file)).isEqualTo(shard.path("sha256").asText());
      assertThat(Files.size(file)).isEqualTo(2 * shard.path("tokens").asLong());
      tokens += shard.path("tokens").asLong();
    }
    assertThat(tokens).isEqualTo(String.join("", train).getBytes().length);
    ByteBuffer first = ByteBuffer.wrap(Files.readAllBytes(datasetDir.resolve("train/shard-00000.bin")))
        .order(ByteOrder.LITTLE_ENDIAN);
    assertThat(first.getShort(0)).isEqualTo((short) documents.get(0).charAt(0));
  }

  @Test
  void aMatchingManifestIsReusedAndChangedSourcesArePackedAgain() throws IOException {
    Path cache = directory.resolve("cache");
    Dataset first = PackedShards.prepare(spec("bpe", cache.toString()), CONTEXT, directory.resolve("run1"), 500);
    Path datasetDir = onlyDatasetDir(cache);
    Path manifest = datasetDir.resolve("manifest.json");
    FileTime written = Files.getLastModifiedTime(manifest);
    assertThat(first.tokenizerFile()).get()
        .satisfies(file -> assertThat(file.path()).isEqualTo(datasetDir.resolve(TokenizerJson.FILE_NAME)))
        .satisfies(file -> assertThat(Sha256.ofFile(file.path())).isEqualTo(file.sha256()));

    Dataset second = PackedShards.prepare(spec("bpe", cache.toString()), CONTEXT, directory.resolve("run2"), 500);
    assertThat(Files.getLastModifiedTime(manifest)).isEqualTo(written);
    assertThat(second.tokenizer().sha256()).isEqualTo(first.tokenizer().sha256());
    int[] samples = {0, 3, first.train().count() - 1};
    assertThat(second.train().gather(samples)).isEqualTo(first.train().gather(samples));
    assertThat(Files.exists(directory.resolve("run2"))).isFalse();

    Files.writeString(text, "One more line.\n", java.nio.file.StandardOpenOption.APPEND);
    PackedShards.prepare(spec("bpe", cache.toString()), CONTEXT, directory.resolve("run3"), 500);
    try (Stream<Path> dirs = Files.list(cache)) {
      assertThat(dirs.map(Path::getFileName).map(Path::toString)).hasSize(2).allMatch(name -> name.startsWith("dataset-"));
    }
  }

  @Test
  void aCorruptShardIsPackedAgain() throws IOException {
    Path work = directory.resolve("work");
    Dataset packed = PackedShards.prepare(spec("byte", null), CONTEXT, work, 1000);
    int[] samples = {0, 1, 2};
    long[] expected = packed.train().gather(samples);
    Path shard = onlyDatasetDir(work.resolve("data")).resolve("train/shard-00000.bin");
    byte[] bytes = Files.readAllBytes(shard);
    bytes[0] ^= 1;
    Files.write(shard, bytes);
    assertThat(PackedShards.prepare(spec("byte", null), CONTEXT, work, 1000).train().gather(samples))
        .isEqualTo(expected);
  }

  private static Path onlyDatasetDir(Path root) throws IOException {
    try (Stream<Path> dirs = Files.list(root)) {
      List<Path> all = dirs.toList();
      assertThat(all).hasSize(1);
      return all.get(0);
    }
  }
}
