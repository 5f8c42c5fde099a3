package dev.pedigree.workers.engine.tokenizer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pedigree.workers.engine.data.GTextGenerator;
import dev.pedigree.workers.engine.data.Sha256;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BpeTokenizerTest {
  private static final List<String> SAMPLES = List.of(
      "The happy cat sees a dog. Alice's robot won't sleep!\n",
      "Grüße aus Köln — naïve café, 日本語のテキスト, emoji 🙂🚀 and tabs\tand  double  spaces.\n",
      "Q: 37+48 = <a>85</a>\n",
      "   leading and trailing   \n\n\r\n",
      "");
  @TempDir Path directory;

  private static BpeTokenizer trainedOnGText(int documents, int vocabSize) {
    GTextGenerator generator = new GTextGenerator(7);
    BpeTrainer trainer = new BpeTrainer();
    IntStream.range(0, documents).forEach(i -> trainer.add(generator.document(i)));
    return trainer.train(vocabSize);
  }

  @Test
  void decodingAnEncodingGivesTheTextBack() {
    BpeTokenizer tokenizer = trainedOnGText(300, 400);
    assertThat(tokenizer.vocabSize()).isEqualTo(400);
    for (String text : SAMPLES) {
      assertThat(tokenizer.decode(tokenizer.encode(text))).isEqualTo(text);
      assertThat(ByteTokenizer.INSTANCE.decode(ByteTokenizer.INSTANCE.encode(text))).isEqualTo(text);
    }
    String sentence = new GTextGenerator(99).document(0);
    int[] ids = tokenizer.encode(sentence);
    assertThat(ids.length).isLessThan(sentence.length() / 2);
    assertThat(IntStream.of(ids).map(tokenizer::byteLength).sum()).isEqualTo(sentence.getBytes().length);
  }

  @Test
  void savedAndLoadedTokenizersEncodeAlike() {
    BpeTokenizer tokenizer = trainedOnGText(200, 350);
    TokenizerFile file = TokenizerJson.save(tokenizer, directory.resolve("tokenizer.json"));
    assertThat(file.sha256()).isEqualTo(Sha256.ofFile(file.path())).isEqualTo(tokenizer.sha256());

    BpeTokenizer loaded = TokenizerJson.load(file.path());
    assertThat(loaded.vocabSize()).isEqualTo(tokenizer.vocabSize());
    assertThat(loaded.sha256()).isEqualTo(file.sha256());
    for (String text : SAMPLES) {
      assertThat(loaded.encode(text)).isEqualTo(tokenizer.encode(text));
    }
  }

  @Test
  void theSameCorpusGivesTheSameFile() {
    String first = TokenizerJson.save(trainedOnGText(200, 320), directory.resolve("a.json")).sha256();
    String second = TokenizerJson.save(trainedOnGText(200, 320), directory.resolve("b.json")).sha256();
    assertThat(second).isEqualTo(first);
    assertThat(trainedOnGText(201, 320).sha256()).isNotEqualTo(first);
  }

  @Test
  void theByteTokenizerIsABpeWithoutMerges() throws Exception {
    TokenizerFile file = TokenizerJson.save(ByteTokenizer.INSTANCE, directory.resolve("bytes.json"));
    BpeTokenizer loaded = TokenizerJson.load(file.path());
    assertThat(loaded.vocabSize()).isEqualTo(256);
    for (String text : SAMPLES) {
      assertThat(loaded.encode(text)).isEqualTo(ByteTokenizer.INSTANCE.encode(text));
    }
    assertThat(new String(Files.readAllBytes(file.path()))).contains("\"type\":\"BPE\"", "\"merges\":[]");
  }

  @Test
  void aSmallCorpusStopsTrainingEarly() {
    BpeTrainer trainer = new BpeTrainer();
    trainer.add("abab abab");
    BpeTokenizer tokenizer = trainer.train(1000);
    assertThat(tokenizer.vocabSize()).isLessThan(270);
    assertThat(tokenizer.encode("abab")).hasSize(1);
  }
}
