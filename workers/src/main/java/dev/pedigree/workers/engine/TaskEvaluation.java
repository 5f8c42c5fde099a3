package dev.pedigree.workers.engine;

import static org.bytedeco.pytorch.global.torch.tensor;

import dev.pedigree.workers.engine.data.Corpus;
import dev.pedigree.workers.engine.data.DocumentGenerator;
import dev.pedigree.workers.engine.data.Generators;
import dev.pedigree.workers.engine.data.TaskGenerator;
import dev.pedigree.workers.engine.data.TaskProblem;
import dev.pedigree.workers.engine.model.Gpt;
import dev.pedigree.workers.engine.tokenizer.Tokenizer;
import dev.pedigree.workers.engine.torch.Autocast;
import dev.pedigree.workers.engine.torch.Tensors;
import dev.pedigree.workflows.spec.DataSpec;
import dev.pedigree.workflows.spec.DomainSpec;
import java.nio.ByteOrder;
import java.nio.LongBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Device;
import org.bytedeco.pytorch.LongOptional;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch.ScalarType;

/**
 * Exact-match accuracy on held-out problems of a task generator (G-arith, G-seq): those among the first
 * {@link #MAX_PROBLEMS} validation documents that fit the context. A problem counts as solved when, fed prompt and answer, the model's
 * argmax at every answer position is the answer's next token: exactly when greedy decoding from the prompt would
 * write the answer, at the cost of one batched forward pass.
 */
public final class TaskEvaluation {
  static final int MAX_PROBLEMS = 64;

  private final String task;
  private final List<Encoded> problems;

  /** A problem's tokens, prompt then completion. */
  private record Encoded(int[] tokens, int promptLength) {}

  /** The task's accuracy at one evaluation. */
  public record TaskAccuracy(String task, double accuracy) {}

  private TaskEvaluation(String task, List<Encoded> problems) {
    this.task = task;
    this.problems = problems;
  }

  /**
   * The evaluation for the target set's generator, or else the spec's single generator, if it generates problems and
   * any of them fits the context.
   */
  static Optional<TaskEvaluation> of(DataSpec data, Tokenizer tokenizer, int contextLength) {
    if (data.target() != null) {
      DomainSpec target = data.target();
      return target.fromFiles()
          ? Optional.empty() : of(Generators.of(target), target.documents(), tokenizer, contextLength);
    }
    if (data.fromFiles() || data.mixesDomains()) {
      return Optional.empty();
    }
    return of(Generators.of(data.generator(), data.seed()), data.documents(), tokenizer, contextLength);
  }

  private static Optional<TaskEvaluation> of(
      DocumentGenerator generator, int documents, Tokenizer tokenizer, int contextLength) {
    if (!(generator instanceof TaskGenerator tasks)) {
      return Optional.empty();
    }
    List<Map.Entry<String, String>> problems = new ArrayList<>();
    for (long index = Corpus.VALIDATION_EVERY - 1; index < documents && problems.size() < MAX_PROBLEMS;
        index += Corpus.VALIDATION_EVERY) {
      TaskProblem problem = tasks.problem(index);
      problems.add(Map.entry(problem.prompt(), problem.completion()));
    }
    return of(tasks.task(), problems, tokenizer, contextLength);
  }

  /** An evaluation of prompts and the completions expected; those too long for the context are left out. */
  public static Optional<TaskEvaluation> of(
      String task, List<Map.Entry<String, String>> promptsAndCompletions, Tokenizer tokenizer, int contextLength) {
    List<Encoded> problems = new ArrayList<>();
    for (Map.Entry<String, String> problem : promptsAndCompletions) {
      Encoded encoded = encode(problem.getKey(), problem.getValue(), tokenizer);
      if (encoded.tokens().length - 1 <= contextLength) {
        problems.add(encoded);
      }
    }
    return problems.isEmpty() ? Optional.empty() : Optional.of(new TaskEvaluation(task, problems));
  }

  private static Encoded encode(String prompt, String completion, Tokenizer tokenizer) {
    int[] promptTokens = tokenizer.encode(prompt);
    int[] tokens = tokenizer.encode(prompt + completion);
    if (tokens.length <= promptTokens.length
        || !Arrays.equals(promptTokens, 0, promptTokens.length, tokens, 0, promptTokens.length)) {
      throw new IllegalStateException("the prompt's tokens are not a prefix of the problem's: " + prompt);
    }
    return new Encoded(tokens, promptTokens.length);
  }

  public TaskAccuracy evaluate(Gpt model, Device device) {
    int width = problems.stream().mapToInt(problem -> problem.tokens().length - 1).max().orElseThrow();
    long[] inputs = new long[problems.size() * width];
    for (int row = 0; row < problems.size(); row++) {
      int[] tokens = problems.get(row).tokens();
      for (int i = 0; i + 1 < tokens.length; i++) {
        inputs[row * width + i] = tokens[i];
      }
    }
    long[] predicted = new long[inputs.length];
    try (PointerScope scope = new PointerScope(); NoGradGuard noGrad = new NoGradGuard()) {
      Tensor batch = tensor(inputs).view(problems.size(), width).to(device, ScalarType.Long);
      Tensor logits;
      try (Autocast autocast = Autocast.bf16For(model.parameters().byName())) {
        logits = Gpt.logits(model.config(), model.parameters().byName(), batch);
      }
      LongBuffer argmax = Tensors.hostBytes(logits.argmax(new LongOptional(-1), false))
          .order(ByteOrder.nativeOrder()).asLongBuffer();
      argmax.get(predicted);
    }
    int solved = 0;
    for (int row = 0; row < problems.size(); row++) {
      Encoded problem = problems.get(row);
      boolean correct = true;
      for (int position = problem.promptLength() - 1; position + 1 < problem.tokens().length; position++) {
        correct &= predicted[row * width + position] == problem.tokens()[position + 1];
      }
      solved += correct ? 1 : 0;
    }
    return new TaskAccuracy(task, (double) solved / problems.size());
  }
}
