package dev.pedigree.workers.engine.transplant;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pedigree.workers.engine.data.GTextGenerator;
import dev.pedigree.workers.engine.model.Gpt;
import dev.pedigree.workers.engine.model.GptConfig;
import dev.pedigree.workers.engine.model.PositionEncoding;
import dev.pedigree.workers.engine.tokenizer.BpeTrainer;
import dev.pedigree.workers.engine.tokenizer.Tokenizer;
import dev.pedigree.workers.engine.torch.Tensors;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.IntStream;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Device;
import org.bytedeco.pytorch.Tensor;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class TokenizerTransplantTest {
  private static final Device CPU = new Device("cpu");
  private static Tokenizer baseTokenizer;
  private static Tokenizer donorTokenizer;
  private static Gpt base;
  private static Gpt donor;

  private static Tokenizer trainedOnGText(long seed, int vocabSize) {
    GTextGenerator generator = new GTextGenerator(seed);
    BpeTrainer trainer = new BpeTrainer();
    IntStream.range(0, 200).forEach(i -> trainer.add(generator.document(i)));
    return trainer.train(vocabSize);
  }

  @BeforeAll
  static void models() {
    baseTokenizer = trainedOnGText(7, 300);
    donorTokenizer = trainedOnGText(8, 360);
    // An untied base, so both vocabulary matrices are rebuilt; a narrower, tied donor.
    base = Gpt.initialize(new GptConfig(1, 16, 2, 16, baseTokenizer.vocabSize(), false, PositionEncoding.LEARNED)
        .alignedEmbeddings(), 1, CPU);
    donor = Gpt.initialize(new GptConfig(1, 8, 2, 16, donorTokenizer.vocabSize()), 2, CPU);
  }

  @Test
  void keepsTheBodyAndSharedRowsBitForBitAndTakesTheDonorsTokenizer() {
    TokenizerTransplant.Transplant transplant = TokenizerTransplant.transplant(base, baseTokenizer, donor,
        donorTokenizer, TransplantSettings.of(TransplantInit.OMP, 4));

    Gpt model = transplant.model();
    assertThat(transplant.tokenizer().sha256()).isEqualTo(donorTokenizer.sha256());
    assertThat(model.config().vocabSize()).isEqualTo(donorTokenizer.vocabSize());
    assertThat(model.config().embeddingRows()).isEqualTo(384);
    assertThat(model.config().dModel()).isEqualTo(16);
    assertThat(transplant.sharedTokens()).isGreaterThan(256);
    assertThat(transplant.newTokens()).isGreaterThan(10);
    assertThat(transplant.embeddingResidual()).isBetween(0.0, 1.0);

    Map<String, float[]> before = values(base);
    Map<String, float[]> after = values(model);
    assertThat(after.keySet()).containsExactlyElementsOf(before.keySet());
    for (String name : before.keySet()) {
      if (!Gpt.VOCABULARY_ROWS.contains(name)) {
        assertThat(after.get(name)).as(name).isEqualTo(before.get(name));
      }
    }
    int[] oldIds = transplant.match().oldIds();
    for (String name : Gpt.VOCABULARY_ROWS) {
      for (int id = 0; id < donorTokenizer.vocabSize(); id++) {
        float[] row = row(after.get(name), id);
        if (oldIds[id] >= 0) {
          assertThat(row).as("%s row %d", name, id).isEqualTo(row(before.get(name), oldIds[id]));
        } else {
          assertThat(row).as("%s row %d", name, id).isNotEqualTo(new float[16]);
        }
      }
      for (int padding = donorTokenizer.vocabSize(); padding < 384; padding++) {
        assertThat(row(after.get(name), padding)).isEqualTo(new float[16]);
      }
    }
  }

  @Test
  void theSameInputsGiveTheSameModel() {
    Map<String, float[]> first = values(TokenizerTransplant.transplant(
        base, baseTokenizer, donor, donorTokenizer, TransplantSettings.of(TransplantInit.OMP, 8)).model());
    Map<String, float[]> second = values(TokenizerTransplant.transplant(
        base, baseTokenizer, donor, donorTokenizer, TransplantSettings.of(TransplantInit.OMP, 8)).model());
    Map<String, float[]> subword = values(TokenizerTransplant.transplant(
        base, baseTokenizer, donor, donorTokenizer, TransplantSettings.of(TransplantInit.SUBWORD_MEAN, 8)).model());

    assertThat(second.get("wte.weight")).isEqualTo(first.get("wte.weight"));
    assertThat(subword.get("wte.weight")).isNotEqualTo(first.get("wte.weight"));
  }

  private static float[] row(float[] matrix, int id) {
    float[] row = new float[16];
    System.arraycopy(matrix, id * 16, row, 0, 16);
    return row;
  }

  private static Map<String, float[]> values(Gpt model) {
    Map<String, float[]> values = new LinkedHashMap<>();
    try (PointerScope scope = new PointerScope()) {
      for (Map.Entry<String, Tensor> view : model.parameters().viewsOf(model.parameters().values()).entrySet()) {
        FloatBuffer floats = Tensors.hostBytes(view.getValue()).order(ByteOrder.nativeOrder()).asFloatBuffer();
        float[] array = new float[floats.remaining()];
        floats.get(array);
        values.put(view.getKey(), array);
      }
    }
    return values;
  }
}
