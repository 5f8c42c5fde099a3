package dev.pedigree.workers.bench;

import dev.pedigree.workers.engine.TaskEvaluation;
import dev.pedigree.workers.engine.checkpoint.ModelFiles.LoadedModel;
import dev.pedigree.workers.engine.data.TaskProblem;
import dev.pedigree.workers.engine.merge.ProbeSet;
import java.util.List;
import java.util.Map;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Device;
import org.bytedeco.pytorch.NoGradGuard;

/** How well a model answers held-out problems: greedy exact match, and the loss on the answer tokens. */
final class TaskScores {
  private static final Device CPU = new Device("cpu");

  private TaskScores() {}

  /** The share of {@code problems} (those that fit the context) whose answer greedy decoding writes exactly. */
  static double exactMatch(LoadedModel model, String task, List<TaskProblem> problems) {
    List<Map.Entry<String, String>> prompts =
        problems.stream().map(problem -> Map.entry(problem.prompt(), problem.completion())).toList();
    return TaskEvaluation.of(task, prompts, model.tokenizer(), model.model().config().contextLength()).orElseThrow()
        .evaluate(model.model(), CPU).accuracy();
  }

  /** The mean cross-entropy of the answer tokens of {@code problems}, as one batch. */
  static double answerLoss(LoadedModel model, List<TaskProblem> problems) {
    try (PointerScope scope = new PointerScope(); NoGradGuard noGrad = new NoGradGuard()) {
      ProbeSet batch = ProbeSet.of(problems, model.tokenizer(), model.model().config().contextLength(), CPU);
      return model.model().loss(batch.inputs(), batch.targets()).item_double();
    }
  }
}
