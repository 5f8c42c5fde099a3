package dev.pedigree.workers.engine.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pedigree.workers.engine.model.Gpt;
import dev.pedigree.workers.engine.model.GptConfig;
import dev.pedigree.workers.engine.model.PositionEncoding;
import dev.pedigree.workers.engine.tokenizer.BpeTrainer;
import dev.pedigree.workers.engine.tokenizer.ByteTokenizer;
import dev.pedigree.workers.engine.tokenizer.Tokenizer;
import java.nio.file.Path;
import java.util.Map;
import org.bytedeco.pytorch.Device;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelFilesTest {
  @TempDir Path directory;

  @Test
  void aModelFileLoadsBackWithItsArchitectureTokenizerWeightsAndProvenance() {
    BpeTrainer trainer = new BpeTrainer();
    trainer.add("the cat sat on the mat; the cat ate the rat");
    Tokenizer tokenizer = trainer.train(270);
    GptConfig config = new GptConfig(2, 16, 2, 12, tokenizer.vocabSize(), false, PositionEncoding.ROTARY);
    Gpt model = Gpt.initialize(config, 11, new Device("cpu"));
    Path file = directory.resolve("model.safetensors");

    FileDigest digest = ModelFiles.write(file, config, tokenizer, model.parameters(), Map.of("recipe", "{\"a\":1}"));
    ModelFiles.LoadedModel loaded = ModelFiles.load(file, new Device("cpu"));

    assertThat(digest.bytes()).isEqualTo(file.toFile().length());
    assertThat(loaded.config()).isEqualTo(config);
    assertThat(loaded.tokenizer().toJson()).isEqualTo(tokenizer.toJson());
    assertThat(loaded.tokenizer().encode("the cat")).isEqualTo(tokenizer.encode("the cat"));
    assertThat(loaded.model().parameters().values().equal(model.parameters().values())).isTrue();
    assertThat(loaded.metadata()).containsEntry("recipe", "{\"a\":1}").containsEntry("format", ModelFiles.FORMAT);
    assertThat(ModelFiles.header(file).config()).isEqualTo(config);
  }

  @Test
  void paddedEmbeddingRowsAreRecordedAndFilesWithoutThemHaveOneRowPerToken() {
    GptConfig padded = new GptConfig(1, 8, 2, 4, 300).alignedEmbeddings();
    Path file = directory.resolve("padded.safetensors");
    ModelFiles.write(file, padded, ByteTokenizer.INSTANCE, Gpt.initialize(padded, 1, new Device("cpu")).parameters(),
        Map.of());
    GptConfig exact = new GptConfig(1, 8, 2, 4, ByteTokenizer.VOCAB_SIZE);

    assertThat(ModelFiles.header(file).config()).isEqualTo(padded);
    assertThat(ModelFiles.header(file).config().embeddingRows()).isEqualTo(320);
    assertThat(ModelFiles.architecture(padded)).containsEntry("embeddingRows", 320);
    assertThat(ModelFiles.architecture(exact)).doesNotContainKey("embeddingRows");
  }

  @Test
  void aByteLevelModelReadsBackAsByteLevel() {
    GptConfig config = new GptConfig(1, 8, 2, 4, ByteTokenizer.VOCAB_SIZE);
    Gpt model = Gpt.initialize(config, 1, new Device("cpu"));
    Path file = directory.resolve("bytes.safetensors");
    ModelFiles.write(file, config, ByteTokenizer.INSTANCE, model.parameters(), Map.of());

    assertThat(ModelFiles.header(file).tokenizer()).isSameAs(ByteTokenizer.INSTANCE);
  }

  @Test
  void provenanceMayNotOverwriteWhatMakesTheFileLoadable() {
    GptConfig config = new GptConfig(1, 8, 2, 4, ByteTokenizer.VOCAB_SIZE);
    Gpt model = Gpt.initialize(config, 1, new Device("cpu"));

    assertThatThrownBy(() -> ModelFiles.write(directory.resolve("m.safetensors"), config, ByteTokenizer.INSTANCE,
        model.parameters(), Map.of("config", "{}")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("reserved");
  }
}
