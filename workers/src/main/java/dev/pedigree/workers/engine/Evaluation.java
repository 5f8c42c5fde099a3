package dev.pedigree.workers.engine;

import dev.pedigree.workers.engine.data.Dataset;
import dev.pedigree.workers.engine.model.Gpt;
import dev.pedigree.workflows.spec.DataSpec;
import java.util.Optional;
import org.bytedeco.pytorch.Device;

/**
 * What a training loop reports at each evaluation: validation loss, bits per byte and token statistics on the
 * held-out windows, and exact-match accuracy when the data is a task generator.
 */
public final class Evaluation {
  private final Validation validation;
  private final Optional<TaskEvaluation> taskEvaluation;

  /** @param contextLength the evaluated model's context, which task problems must fit */
  public Evaluation(Dataset dataset, DataSpec data, int batchSize, int contextLength) {
    this.validation = new Validation(dataset.validation(), batchSize);
    this.taskEvaluation = TaskEvaluation.of(data, dataset.tokenizer(), contextLength);
  }

  public void report(long step, Gpt model, Device device, TrainingListener listener) {
    Validation.Report report = validation.evaluate(step, model, device);
    listener.onEval(report.metrics());
    listener.onTokenStats(step, report.lossByPosition(), report.meanEntropy());
    if (taskEvaluation.isPresent()) {
      TaskEvaluation.TaskAccuracy accuracy = taskEvaluation.get().evaluate(model, device);
      listener.onTaskEval(step, accuracy.task(), accuracy.accuracy());
    }
  }
}
