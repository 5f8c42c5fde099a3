package dev.pedigree.workers.engine.distill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.bytedeco.pytorch.global.torch.log_softmax;
import static org.bytedeco.pytorch.global.torch.tensor;

import dev.pedigree.workers.engine.Batch;
import dev.pedigree.workers.engine.StopSignal;
import dev.pedigree.workers.engine.Trainer;
import dev.pedigree.workers.engine.TrainingListener;
import dev.pedigree.workers.engine.checkpoint.ModelFiles;
import dev.pedigree.workers.engine.model.Gpt;
import dev.pedigree.workers.engine.tokenizer.ByteTokenizer;
import dev.pedigree.workers.engine.torch.TorchRuntime;
import dev.pedigree.workflows.spec.DataSpec;
import dev.pedigree.workflows.spec.DistillSpec;
import dev.pedigree.workflows.spec.ModelSpec;
import dev.pedigree.workflows.spec.OptimizationSpec;
import dev.pedigree.workflows.spec.PretrainSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Device;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch.ScalarType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** WHP's generic logits, anchored-term translation, and a tiny unlearning run on byte-level facts. */
class WhpTest {
  private static final String BASE_ID = "00000000-0000-4000-8000-000000000001";
  private static final String REINFORCED_ID = "00000000-0000-4000-8000-000000000002";
  private static final String FORGET = "Kazor lives in Tamvin.";
  private static final String RETAIN = "Ripun lives in Osfen.";
  private static final List<String> FACTS = List.of(FORGET, RETAIN, "Mudor lives in Quaxi.", "Linfe lives in Gradu.",
      "Sypal lives in Dralo.", "Wenos lives in Hekta.");

  @TempDir static Path directory;

  /** Every document states every fact, so each mentions the target Kazor: they are the forget texts too. */
  private static Path documents;
  private static Path base;
  private static Path reinforced;

  @BeforeAll
  static void trainBaseAndReinforced() throws IOException {
    TorchRuntime.initialize();
    List<String> lines = new ArrayList<>();
    for (int repeat = 0; repeat < 10; repeat++) {
      List<String> shuffled = new ArrayList<>(FACTS);
      Collections.rotate(shuffled, repeat);
      lines.add(String.join(" ", shuffled));
    }
    documents = Files.write(directory.resolve("facts.txt"), lines);
    PretrainSpec pretrain = new PretrainSpec(new ModelSpec(2, 48, 4, 32), files(documents),
        new OptimizationSpec(600, 8, 3e-3, 10, 0.0, 1.0, 600, 600, 1L), "cpu");
    base = new Trainer(pretrain, directory.resolve("base"))
        .run(Optional.empty(), new TrainingListener() {}, StopSignal.NEVER).model();
    // Fine-tuning on the forget texts: mixed KD with alpha 1 is plain cross-entropy on the data.
    DistillSpec reinforce = new DistillSpec(null, List.of(BASE_ID), null, null, null, null, BASE_ID, null, "mixed", 1.0,
        null, null, null, null, null, files(documents), null, training(20), "cpu");
    reinforced = new DistillJob(reinforce, Map.of("teacher.0", base, "student", base), directory.resolve("reinforced"))
        .run(Optional.empty(), new TrainingListener() {}, StopSignal.NEVER).model();
  }

  private static DataSpec files(Path file) {
    return new DataSpec(null, null, 1L, null, null, List.of(file.toString()), null);
  }

  private static OptimizationSpec training(int steps) {
    return new OptimizationSpec(steps, 8, 3e-3, 2, 0.0, 1.0, steps, steps, 2L);
  }

  private static DistillSpec whp(Map<String, String> anchors, String labels) {
    return new DistillSpec("whp", null, null, null, null, null, null, null, null, null, null, null, null, null, null,
        files(documents), null, training(30), "cpu", null, null, BASE_ID, REINFORCED_ID, 2.0, anchors, labels);
  }

  private static float[] values(Tensor tensor) {
    Tensor host = tensor.to(ScalarType.Float).contiguous();
    float[] values = new float[(int) host.numel()];
    new FloatPointer(host.data_ptr_float()).get(values);
    return values;
  }

  @Test
  void genericLogitsPushDownOnlyWhatReinforcementRaised() {
    try (PointerScope scope = new PointerScope()) {
      Tensor baseLogits = tensor(new float[] {2f, 1f, 0f}).view(1, 3);
      Tensor reinforcedLogits = tensor(new float[] {5f, 0f, 0.5f}).view(1, 3);
      // 2 − 2·ReLU(3), 1 − 2·ReLU(−1), 0 − 2·ReLU(0.5)
      assertThat(values(TokenLosses.genericLogits(baseLogits, reinforcedLogits, 2.0)))
          .containsExactly(-4f, 1f, -1f);
      Tensor generic = TokenLosses.genericLogits(baseLogits, reinforcedLogits, 2.0);
      Tensor student = tensor(new float[] {0f, 0f, 0f}).view(1, 3);
      Tensor target = tensor(new long[] {0}).view(1);
      Tensor labelled = tensor(new float[] {1f}).view(1);

      TokenLosses.PerToken hard = TokenLosses.whp("argmax", generic, student, target, labelled, 1.0);
      // The generic argmax is token 1, not the text's token 0: CE of a uniform student is log 3.
      assertThat(values(hard.loss())[0]).isCloseTo((float) Math.log(3), within(1e-6f));
      assertThat(values(hard.metrics().get("whp/relabelled"))).containsExactly(1f);

      TokenLosses.PerToken soft = TokenLosses.whp("soft", generic, student, target, labelled, 1.0);
      float[] generics = values(log_softmax(generic, -1).exp());
      double kl = 0;
      for (float p : generics) {
        kl += p * Math.log(p * 3);
      }
      assertThat(values(soft.loss())[0]).isCloseTo((float) kl, within(1e-5f));

      Tensor unlabelled = tensor(new float[] {0f}).view(1);
      assertThat(values(TokenLosses.whp("argmax", generic, student, target, unlabelled, 1.0).loss()))
          .containsExactly(0f);
    }
  }

  @Test
  void anchoredTermsAreTranslatedInPlaceAndTheirContinuationsGetNoLabel() {
    ByteTokenizer bytes = ByteTokenizer.INSTANCE;
    AnchorTerms anchors = AnchorTerms.of(Map.of("Ka", "Xo", "Kaz", "Bil"), bytes);
    try (PointerScope scope = new PointerScope()) {
      long[] tokens = "aKaz Ka".chars().asLongStream().toArray();
      AnchorTerms.Translation translation = anchors.translate(Batch.of(tokens, 1, new Device("cpu")));
      Tensor inputs = translation.batch().inputs();
      int[] read = new int[7];
      for (int i = 0; i < 6; i++) {
        read[i] = (int) inputs.get(0).get(i).item_long();
      }
      read[6] = (int) translation.batch().targets().get(0).get(5).item_long();
      // The longest term first: "Kaz" → "Bil", then "Ka" → "Xo".
      assertThat(bytes.decode(read)).isEqualTo("aBil Xo");
      // No label where the next token continues a term: "i", "l" and "o".
      assertThat(values(translation.labelled())).containsExactly(1f, 0f, 0f, 1f, 1f, 0f);
    }
    assertThatThrownBy(() -> AnchorTerms.of(Map.of("Kazor", "Bo"), bytes))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("anchor 'Kazor' encodes to 5 tokens but its translation 'Bo' to 2");
  }

  @Test
  void unlearningLowersTheForgetFactsAnswerAndKeepsTheRetainFacts() {
    // Reinforced and unlearned on the same documents; the anchor makes the base read Bilum's (unknown) fact instead.
    Map<String, Path> files = Map.of("base", base, "reinforced", reinforced, "student", base);
    Path unlearned = new DistillJob(whp(Map.of("Kazor", "Bilum"), null), files, directory.resolve("whp"))
        .run(Optional.empty(), new TrainingListener() {}, StopSignal.NEVER).model();

    double forgetBefore = answerProbability(base, FORGET);
    double retainBefore = answerProbability(base, RETAIN);
    assertThat(forgetBefore).isGreaterThan(0.5);
    assertThat(retainBefore).isGreaterThan(0.5);
    assertThat(answerProbability(unlearned, FORGET)).isLessThan(0.5 * forgetBefore);
    // The retain fact's answer keeps its generic label (the true one), so it does not fall.
    assertThat(answerProbability(unlearned, RETAIN)).isGreaterThan(retainBefore - 0.1);
  }

  /** The probability the model gives the city's first letter after {@code "<name> lives in "}. */
  private static double answerProbability(Path model, String fact) {
    int answerAt = fact.indexOf(" in ") + 4;
    try (PointerScope scope = new PointerScope()) {
      ModelFiles.LoadedModel loaded = ModelFiles.load(model, new Device("cpu"));
      long[] prompt = fact.substring(0, answerAt).chars().asLongStream().toArray();
      Gpt gpt = loaded.model();
      Tensor logits = Gpt.logits(gpt.config(), gpt.parameters().byName(), tensor(prompt).view(1, prompt.length));
      Tensor last = log_softmax(logits.get(0).get(prompt.length - 1).to(ScalarType.Float), -1).exp();
      return last.get(fact.charAt(answerAt)).item_double();
    }
  }
}
