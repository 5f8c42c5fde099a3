package dev.pedigree.workers.engine.tokenizer;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import dev.pedigree.workers.engine.data.GTextGenerator;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Our {@code tokenizer.json} loads in Hugging Face {@code tokenizers} (Rust, through DJL) and encodes the same ids. */
class HuggingFaceCompatibilityTest {
  @TempDir Path directory;

  @Test
  void huggingFaceEncodesAndDecodesLikeUs() throws Exception {
    GTextGenerator generator = new GTextGenerator(3);
    BpeTrainer trainer = new BpeTrainer();
    IntStream.range(0, 300).forEach(i -> trainer.add(generator.document(i)));
    trainer.add("Grüße aus Köln, 日本語 🙂 and   spaces 123 4567's");
    BpeTokenizer ours = trainer.train(450);
    Path file = TokenizerJson.save(ours, directory.resolve("tokenizer.json")).path();

    List<String> texts = List.of(
        generator.document(1000),
        "Grüße aus Köln — naïve café, 日本語のテキスト, emoji 🙂🚀 and tabs\tand  double  spaces.\n",
        "Q: 37+48 = <a>85</a>\nQ: sort 5 2 8 = <a>2 5 8</a>\n",
        "It's   three   spaces, they'll  see; x2 = 42!!\n\n");
    try (HuggingFaceTokenizer theirs = HuggingFaceTokenizer.newInstance(file, Map.of())) {
      for (String text : texts) {
        Encoding encoding = theirs.encode(text, false, false);
        int[] ids = java.util.Arrays.stream(encoding.getIds()).mapToInt(Math::toIntExact).toArray();
        assertThat(ids).as(text).isEqualTo(ours.encode(text));
        assertThat(theirs.decode(encoding.getIds(), false)).isEqualTo(text);
      }
    }
  }
}
