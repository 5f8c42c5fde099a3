package dev.pedigree.workers.engine.merge;

import static org.bytedeco.pytorch.global.torch.tensor;

import dev.pedigree.workers.engine.data.GArithGenerator;
import dev.pedigree.workers.engine.data.GSeqGenerator;
import dev.pedigree.workers.engine.data.TaskGenerator;
import dev.pedigree.workers.engine.data.TaskProblem;
import dev.pedigree.workers.engine.model.Gpt;
import dev.pedigree.workers.engine.tokenizer.Tokenizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.bytedeco.pytorch.Device;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch.ScalarType;

/**
 * Task problems as one batch for {@code Gpt.loss}: each row is a problem's prompt and completion, and only the
 * completion's tokens are targets (the others, and the right padding, are {@link Gpt#IGNORED_TARGET}, which the loss
 * skips), so the loss measures how well a model answers.
 */
public record ProbeSet(Tensor inputs, Tensor targets, int problems, long answerTokens) {
  /**
   * The generator of a probe task name: {@code g-arith} or {@code g-seq}, or one kind of them such as
   * {@code g-arith:add} or {@code g-seq:sort}.
   */
  public static TaskGenerator generator(String task, long seed) {
    String[] parts = task.split(":", 2);
    String kind = parts.length == 2 ? parts[1].toUpperCase(Locale.ROOT) : null;
    return switch (parts[0]) {
      case "g-arith" -> kind == null ? new GArithGenerator(seed) : new GArithGenerator(seed,
          Set.of(GArithGenerator.Operation.valueOf(kind)), GArithGenerator.DEFAULT_CARRY_HEAVY_SHARE);
      case "g-seq" -> kind == null ? new GSeqGenerator(seed) : new GSeqGenerator(seed,
          Set.of(GSeqGenerator.Kind.valueOf(kind)));
      default -> throw new IllegalArgumentException("unknown probe task: " + task);
    };
  }

  /** Problems {@code first .. first + count − 1} of each task's generator seeded with {@code seed}. */
  public static List<TaskProblem> problems(List<String> tasks, long seed, long first, int count) {
    List<TaskProblem> problems = new ArrayList<>();
    for (String task : tasks) {
      TaskGenerator generator = generator(task, seed);
      for (long index = first; index < first + count; index++) {
        problems.add(generator.problem(index));
      }
    }
    return problems;
  }

  /** The batch of {@code problems} that fit in {@code contextLength} tokens; at least one must. */
  public static ProbeSet of(List<TaskProblem> problems, Tokenizer tokenizer, int contextLength, Device device) {
    List<int[]> encoded = new ArrayList<>();
    List<Integer> promptLengths = new ArrayList<>();
    for (TaskProblem problem : problems) {
      int[] prompt = tokenizer.encode(problem.prompt());
      int[] tokens = tokenizer.encode(problem.prompt() + problem.completion());
      if (!Arrays.equals(prompt, 0, prompt.length, tokens, 0, Math.min(prompt.length, tokens.length))) {
        throw new IllegalStateException("the prompt's tokens are not a prefix of the problem's: " + problem.prompt());
      }
      if (tokens.length - 1 <= contextLength) {
        encoded.add(tokens);
        promptLengths.add(prompt.length);
      }
    }
    if (encoded.isEmpty()) {
      throw new IllegalArgumentException("no probe problem fits a context of " + contextLength + " tokens");
    }
    int width = encoded.stream().mapToInt(tokens -> tokens.length - 1).max().orElseThrow();
    long[] inputs = new long[encoded.size() * width];
    long[] targets = new long[inputs.length];
    Arrays.fill(targets, Gpt.IGNORED_TARGET);
    long answerTokens = 0;
    for (int row = 0; row < encoded.size(); row++) {
      int[] tokens = encoded.get(row);
      for (int i = 0; i + 1 < tokens.length; i++) {
        inputs[row * width + i] = tokens[i];
        if (i + 1 >= promptLengths.get(row)) {
          targets[row * width + i] = tokens[i + 1];
          answerTokens++;
        }
      }
    }
    return new ProbeSet(tensor(inputs).view(encoded.size(), width).to(device, ScalarType.Long),
        tensor(targets).view(encoded.size(), width).to(device, ScalarType.Long), encoded.size(), answerTokens);
  }
}
