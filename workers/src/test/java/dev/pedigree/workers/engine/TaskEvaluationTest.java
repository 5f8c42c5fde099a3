package dev.pedigree.workers.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.bytedeco.pytorch.global.torch.tensor;

import dev.pedigree.workers.engine.data.GSeqGenerator;
import dev.pedigree.workers.engine.data.TaskProblem;
import dev.pedigree.workers.engine.model.Gpt;
import dev.pedigree.workers.engine.model.GptConfig;
import dev.pedigree.workers.engine.tokenizer.ByteTokenizer;
import dev.pedigree.workers.engine.tokenizer.Tokenizer;
import dev.pedigree.workers.engine.torch.TorchRuntime;
import dev.pedigree.workflows.spec.DataSpec;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Device;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch.ScalarType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class TaskEvaluationTest {
  private static final Device CPU = new Device("cpu");
  private static final Tokenizer BYTES = ByteTokenizer.INSTANCE;
  private static final GptConfig CONFIG = new GptConfig(1, 64, 4, 48, ByteTokenizer.VOCAB_SIZE);

  @BeforeAll
  static void torch() {
    TorchRuntime.initialize();
  }

  /**
   * With the blocks' outputs and the positions zeroed, the logits are LN(e_t)·E, which peak at t itself: the model
   * predicts that the current byte repeats.
   */
  private static Gpt repeatingModel() {
    Gpt model = Gpt.initialize(CONFIG, 3, CPU);
    try (PointerScope scope = new PointerScope(); NoGradGuard noGrad = new NoGradGuard()) {
      for (String name : model.parameters().byName().keySet()) {
        if (name.equals("wpe.weight") || name.contains(".proj.")) {
          model.parameters().get(name).zero_();
        }
      }
    }
    return model;
  }

  @Test
  void aProblemIsSolvedWhenEveryAnswerTokenIsTheArgmax() {
    List<Map.Entry<String, String>> problems = List.of(
        Map.entry("ab", "bbb"), Map.entry("ab", "bbc"), Map.entry("xyz", "zz"), Map.entry("q", "r"));
    TaskEvaluation evaluation = TaskEvaluation.of("repeat", problems, BYTES, CONFIG.contextLength()).orElseThrow();
    Gpt model = repeatingModel();
    assertThat(evaluation.evaluate(model, CPU)).isEqualTo(new TaskEvaluation.TaskAccuracy("repeat", 0.5));
    assertThat(greedyAccuracy(model, problems)).isEqualTo(0.5);
  }

  @Test
  void agreesWithGreedyDecodingOnGeneratedProblems() {
    GSeqGenerator generator = new GSeqGenerator(1);
    List<Map.Entry<String, String>> problems = IntStream.range(0, 12)
        .mapToObj(generator::problem)
        .map(problem -> Map.entry(problem.prompt(), problem.completion()))
        .toList();
    Gpt model = Gpt.initialize(CONFIG, 5, CPU);
    TaskEvaluation evaluation = TaskEvaluation.of("seq", problems, BYTES, CONFIG.contextLength()).orElseThrow();
    assertThat(evaluation.evaluate(model, CPU).accuracy()).isEqualTo(greedyAccuracy(model, problems));
  }

  @Test
  void onlyTaskGeneratorsAreEvaluated() {
    assertThat(TaskEvaluation.of(new DataSpec("g-arith", 100, 1L), BYTES, 64)).get()
        .extracting(evaluation -> evaluation.evaluate(Gpt.initialize(
            new GptConfig(1, 16, 2, 64, ByteTokenizer.VOCAB_SIZE), 1, CPU), CPU).task())
        .isEqualTo("arith");
    assertThat(TaskEvaluation.of(new DataSpec("g-seq", 100, 1L), BYTES, 64)).isPresent();
    assertThat(TaskEvaluation.of(new DataSpec("g-text", 100, 1L), BYTES, 64)).isEmpty();
    assertThat(TaskEvaluation.of(new DataSpec("g-arith", 100, 1L), BYTES, 8)).isEmpty();
  }

  /** The reference: decode greedily token by token from the prompt and check the exact-match verifier. */
  private static double greedyAccuracy(Gpt model, List<Map.Entry<String, String>> problems) {
    int solved = 0;
    for (Map.Entry<String, String> problem : problems) {
      int[] tokens = BYTES.encode(problem.getKey());
      int wanted = BYTES.encode(problem.getValue()).length;
      for (int i = 0; i < wanted; i++) {
        tokens = Arrays.copyOf(tokens, tokens.length + 1);
        tokens[tokens.length - 1] = nextToken(model, Arrays.copyOf(tokens, tokens.length - 1));
      }
      String generated = BYTES.decode(Arrays.copyOfRange(tokens, tokens.length - wanted, tokens.length));
      boolean correct = problem.getValue().startsWith(" <a>")
          ? new TaskProblem(problem.getKey(), problem.getValue().substring(4, problem.getValue().length() - 4))
              .verify(generated)
          : generated.equals(problem.getValue());
      solved += correct ? 1 : 0;
    }
    return (double) solved / problems.size();
  }

  private static int nextToken(Gpt model, int[] context) {
    try (PointerScope scope = new PointerScope(); NoGradGuard noGrad = new NoGradGuard()) {
      long[] ids = Arrays.stream(context).asLongStream().toArray();
      Tensor input = tensor(ids).view(1, ids.length).to(CPU, ScalarType.Long);
      Tensor logits = Gpt.logits(model.config(), model.parameters().byName(), input);
      return (int) logits.select(1, ids.length - 1).argmax().item_long();
    }
  }
}
